import type { Cloud } from "../model/cluster.ts";
import type { ProviderErrorKind } from "../model/failure.ts";

/**
 * Huawei API Gateway codes: `APIG.` from the shared gateway, `APIGW.` from the dedicated one,
 * with the same numbers. The 03xx codes answered with HTTP 401 say the credentials themselves
 * were refused: 0301 IAM (AK/SK or token), 0303 app signature, 0305 authentication, 0307 token
 * to renew, 0311 debugging authentication. 0302, 0304, 0306 and 0310 are 403s: the key was
 * accepted but may not call this API (or use this project). 0308 is throttling (429).
 * Source: API Gateway user guide, "Error Codes" (opentelekomcloud-docs/api-gateway
 * umn/source/api_calling/calling_published_apis/error_codes.rst @9c64008), the same table as
 * support.huaweicloud.com usermanual-apig apig_03_0048.
 */
const GATEWAY_CODE = /^APIGW?\.(\d{4})$/;
const GATEWAY_KEY_CODES = new Set(["0301", "0303", "0305", "0307", "0311"]);
const GATEWAY_THROTTLE = "0308";

/**
 * Alibaba OpenAPI codes that refuse the key or the signature, whatever the HTTP status (some come
 * as 400 or 404). Source: the OpenAPI common error codes, and reference/API.md.
 */
const ALIBABA_KEY_CODES = [
  /^InvalidAccessKeyId(\.|$)/,
  /^SignatureDoesNotMatch$/,
  /^IncompleteSignature$/,
  /^InvalidTimeStamp(\.|$)/,
  /^SignatureNonceUsed$/,
  /^InvalidSecurityToken(\.|$)/,
];

/**
 * Alibaba throttles with several codes, often with HTTP 400. terraform-provider-alicloud retries
 * any code that contains `Throttling`, and `Rejected.Throttling` and `ServiceUnavailable`
 * (alicloud/errors.go, NeedRetry, @81c43b67).
 */
const isAlibabaThrottle = (code: string): boolean =>
  code.includes("Throttling") || code === "ServiceUnavailable";

/** A RAM policy that does not allow this call on this resource (RAM policies can name clusters). */
const ALIBABA_PERMISSION = /^Forbidden\.RAM(\.|$)/;

/**
 * CCE's state refusals: `CCE.01403003` to `CCE.01403009`, "the status of the cluster (or node
 * pool) does not allow the operation" (CCE API reference, Error Codes; reference/API.md). The
 * cloud looked at the request and declined it for now: a refusal, which an action settles with
 * a fresh read. `CCE.01403001` is the IAM permission refusal.
 */
const CCE_STATE_REFUSAL = /^CCE\.0140300[3-9]$/;

/**
 * Sorts a failed HTTP answer into the kind the retry policy, the credential gate and the poller
 * act on, in this order:
 * - `auth`: HTTP 401, or a key or signature code (any status). Never retried; closes the gate.
 * - `throttle`: HTTP 429, `APIG(W).0308`, or an Alibaba throttling code (any status).
 * - `client`: a CCE state refusal (`CCE.01403003`..`09`), which actions treat as a refusal.
 * - `permission`: any other 403, and `Forbidden.RAM` whatever its status: the key works but may
 *   not do this on this resource. Not retried; the gate stays open for the key's other clusters.
 * - `server`: 5xx. `client`: any other 4xx.
 */
export function classifyStatus(status: number, code: string | undefined): ProviderErrorKind {
  if (status === 401) return "auth";
  const gateway = code === undefined ? null : GATEWAY_CODE.exec(code);
  const gatewayNumber = gateway?.[1];
  if (gatewayNumber !== undefined && GATEWAY_KEY_CODES.has(gatewayNumber)) return "auth";
  if (code !== undefined && ALIBABA_KEY_CODES.some((re) => re.test(code))) return "auth";
  if (status === 429 || gatewayNumber === GATEWAY_THROTTLE) return "throttle";
  if (code !== undefined && isAlibabaThrottle(code)) return "throttle";
  if (code !== undefined && CCE_STATE_REFUSAL.test(code)) return "client";
  if (status === 403 || (code !== undefined && ALIBABA_PERMISSION.test(code))) return "permission";
  if (status >= 500) return "server";
  return "client";
}

/**
 * What a permission refusal needs to say to be acted on: which call, on which cluster, and the
 * permission to grant. Alibaba's RAM action for an ACK API is `cs:<Action>` (each API page's
 * "Authorization information"); Huawei's IAM action per CCE upgrade API is not published in a
 * form we can map, so the operation is named instead.
 */
export function permissionMessage(
  cloud: Cloud,
  operation: string,
  path: string,
  providerMessage: string | undefined,
): string {
  const target = resourceOf(path);
  const grant =
    cloud === "alibaba" ? `RAM action cs:${operation}` : "grant it in the key's IAM policy";
  const said = providerMessage ? `: ${providerMessage}` : "";
  return `permission denied: the key may not call ${operation}${target ? ` on ${target}` : ""} (${grant})${said}`;
}

/** `cluster <id>` or `task <id>` from a request path, as CCE and ACK paths name them. */
function resourceOf(path: string): string | undefined {
  const cluster = /\/clusters\/([^/]+)/.exec(path);
  if (cluster?.[1]) return `cluster ${cluster[1]}`;
  const task = /^\/tasks\/([^/]+)/.exec(path);
  return task?.[1] ? `task ${task[1]}` : undefined;
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
