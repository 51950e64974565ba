import type { Cloud } from "../../../../shared/model/cluster.ts";
import type { AlibabaAuthResult } from "../alibabaAuth.ts";
import type { HuaweiAuthResult } from "../huaweiAuth.ts";
import {
  acsError,
  alibabaError,
  apigError,
  cceError,
  HUAWEI_MESSAGES,
  type SimResponse,
} from "../providerErrors.ts";
import type { Route } from "../routes.ts";

type Refusal<R> = R extends { ok: false; reason: infer Reason extends string } ? Reason : never;

/**
 * What the gateway itself answers, in one cloud's words: each cloud has one of these, so no step
 * asks which cloud it is talking for. Bodies and codes are the documented ones
 * (`providerErrors.ts`); `requestId` is the one the response header carries.
 */
export interface CloudErrors<AuthRefusal extends string> {
  /** No API at this method and path (for ACK, also: not the action and version the headers name). */
  noApi(requestId: string): SimResponse;
  /** The signature or key was refused; `ak` is the access key the request named, if any. */
  unauthorized(reason: AuthRefusal, ak: string | null, requestId: string): SimResponse;
  /** The key's rate limit (`limit` per second) is spent: try again in `retryAfterSeconds`. */
  throttled(limit: number, retryAfterSeconds: number, requestId: string): SimResponse;
  /** The cluster (or ACK task) the path names does not exist. */
  notFound(route: Route, requestId: string): SimResponse;
  /** An injected 5xx, in the form that cloud's gateway or service gives it. */
  serverError(status: number, requestId: string): SimResponse;
}

/** Huawei: the API Gateway's `APIG.*` errors, and CCE's own body for a missing cluster or a 500. */
export const HUAWEI_ERRORS: CloudErrors<Refusal<HuaweiAuthResult>> = {
  noApi: (requestId) => apigError(404, "APIG.0101", HUAWEI_MESSAGES.noApi, requestId),
  unauthorized: (reason, ak, requestId) =>
    apigError(
      401,
      "APIG.0301",
      reason === "unknownAk" ? HUAWEI_MESSAGES.unknownAk(ak ?? "") : HUAWEI_MESSAGES[reason],
      requestId,
    ),
  throttled: (limit, retryAfterSeconds, requestId) =>
    apigError(429, "APIG.0308", HUAWEI_MESSAGES.throttled(limit), requestId, {
      "Retry-After": String(retryAfterSeconds),
    }),
  notFound: () => cceError(404, "CCE.01404001", "Resource not found. The cluster does not exist."),
  serverError: (status, requestId) => {
    if (status === 504) return apigError(504, "APIG.0201", "Backend timeout.", requestId);
    if (status === 502 || status === 503) {
      return apigError(status, "APIG.0202", "Backend unavailable.", requestId);
    }
    return cceError(status, "CCE.01500001", "Internal server error.");
  },
};

/** Alibaba: the OpenAPI gateway's `{code, message, requestId}` errors. */
export const ALIBABA_ERRORS: CloudErrors<Refusal<AlibabaAuthResult>> = {
  noApi: (requestId) => alibabaError("noApi", requestId),
  unauthorized: (reason, _ak, requestId) => alibabaError(reason, requestId),
  throttled: (_limit, retryAfterSeconds, requestId) =>
    alibabaError("throttled", requestId, { "Retry-After": String(retryAfterSeconds) }),
  notFound: (route, requestId) =>
    route.params.taskId !== undefined
      ? acsError(404, "ErrorTaskNotFound", `task ${route.params.taskId} not found`, requestId)
      : acsError(404, "ErrorClusterNotFound", "The specified cluster is not found.", requestId),
  serverError: (status, requestId) =>
    status === 500
      ? acsError(
          500,
          "InternalError",
          "The request processing has failed due to some unknown error, exception or failure.",
          requestId,
        )
      : acsError(
          status,
          "ServiceUnavailable",
          "The request has failed due to a temporary failure of the server.",
          requestId,
        ),
};

/** The gateway's errors for `cloud` (authentication refusals are per cloud: see the steps). */
export const errorsFor = (cloud: Cloud): Omit<CloudErrors<string>, "unauthorized"> =>
  cloud === "huawei" ? HUAWEI_ERRORS : ALIBABA_ERRORS;
