import type { Cloud } from "../model/cluster.ts";
import type { ProviderErrorKind } from "./errors.ts";

/**
 * Codes that mean "these credentials were refused", whatever the HTTP status. Alibaba answers
 * some of them with 400 or 404, and they must not be retried any more than a 401.
 */
const AUTH_CODES = [
  /^APIG\.03(01|02|03|04|05|06|07|09)$/,
  /^InvalidAccessKeyId/,
  /^SignatureDoesNotMatch/,
  /^IncompleteSignature/,
  /^InvalidSecurityToken/,
  /^SignatureNonceUsed/,
  /^InvalidTimeStamp/,
  /^Forbidden\.RAM/,
];

const THROTTLE_CODES = [/^APIG\.0308$/, /^Throttling/, /^ServiceUnavailable\.Throttl/];

/** Sorts a failed HTTP answer into the kind the retry policy and the poller act on. */
export function classifyStatus(status: number, code: string | undefined): ProviderErrorKind {
  if (status === 401 || status === 403) return "auth";
  if (code && AUTH_CODES.some((re) => re.test(code))) return "auth";
  if (status === 429 || (code && THROTTLE_CODES.some((re) => re.test(code)))) return "throttle";
  if (status >= 500) return "server";
  return "client";
}

export interface ErrorBody {
  code: string | undefined;
  message: string | undefined;
  requestId: string | undefined;
}

const str = (v: unknown): string | undefined =>
  typeof v === "string" && v !== "" ? v : typeof v === "number" ? String(v) : undefined;

/**
 * Reads the error code, message and request id from a JSON error body. Huawei's gateway
 * answers `{error_code, error_msg, request_id}` and CCE itself `{errorCode, errorMessage}`; Alibaba `{code, message, requestId}` (some gateways
 * capitalize them); some Huawei services nest them under `error`.
 */
export function readErrorBody(body: unknown): ErrorBody {
  if (body === null || typeof body !== "object") {
    return { code: undefined, message: undefined, requestId: undefined };
  }
  const b = body as Record<string, unknown>;
  const nested = (typeof b.error === "object" && b.error !== null ? b.error : {}) as Record<
    string,
    unknown
  >;
  return {
    code: str(b.error_code) ?? str(b.errorCode) ?? str(b.code) ?? str(b.Code) ?? str(nested.code),
    message:
      str(b.error_msg) ??
      str(b.errorMessage) ??
      str(b.message) ??
      str(b.Message) ??
      str(nested.message),
    requestId: str(b.request_id) ?? str(b.requestId) ?? str(b.RequestId),
  };
}

/** The request id header each cloud sets. */
export const requestIdHeader = (cloud: Cloud): string =>
  cloud === "huawei" ? "x-request-id" : "x-acs-request-id";
