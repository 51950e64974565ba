import { describe, expect, it } from "vitest";
import { classifyStatus, permissionMessage } from "../../shared/client/classify.ts";
import { isRetryable } from "../../shared/client/retry.ts";
import type { ProviderErrorKind } from "../../shared/model/failure.ts";

/**
 * Each row: the HTTP status and code a cloud documents, and the kind the product must act on.
 * Huawei gateway rows are the API Gateway "Error Codes" table (status as documented); CCE rows the
 * CCE API reference's error codes; Alibaba rows the OpenAPI common error codes and the codes
 * terraform-provider-alicloud retries (alicloud/errors.go, NeedRetry).
 */
const CASES: [status: number, code: string | undefined, kind: ProviderErrorKind, why: string][] = [
  // The key itself: never retried, closes the credential gate.
  [401, "APIG.0301", "auth", "incorrect IAM authentication information"],
  [401, "APIGW.0301", "auth", "the dedicated gateway's spelling of the same code"],
  [401, "APIG.0303", "auth", "incorrect app authentication information"],
  [401, "APIGW.0305", "auth", "incorrect authentication information"],
  [401, "APIG.0307", "auth", "the token must be updated"],
  [401, "APIG.0311", "auth", "incorrect debugging authentication information"],
  [401, "CCE.01401001", "auth", "CCE: authentication failed"],
  [401, undefined, "auth", "a 401 with no code"],
  [404, "InvalidAccessKeyId.NotFound", "auth", "Alibaba answers an unknown key with 404"],
  [400, "InvalidAccessKeyId.Inactive", "auth", "a disabled key"],
  [400, "SignatureDoesNotMatch", "auth", "bad signature, as a 400"],
  [400, "IncompleteSignature", "auth", "incomplete signature"],
  [400, "InvalidTimeStamp.Expired", "auth", "clock skew"],
  [400, "SignatureNonceUsed", "auth", "nonce reused"],
  [400, "InvalidSecurityToken.Expired", "auth", "expired STS token"],
  [403, "InvalidSecurityToken.MismatchWithAccessKey", "auth", "token of another key"],
  // A permission on this resource or this API: not retried, the gate stays open.
  [403, "CCE.01403001", "permission", "the IAM user lacks the permission on this cluster"],
  [403, "Forbidden.RAM", "permission", "the RAM policy does not allow this call"],
  [400, "Forbidden.RAM", "permission", "Forbidden.RAM whatever the status"],
  [403, "APIG.0302", "permission", "the IAM user may not call this API (black/white list)"],
  [403, "APIGW.0306", "permission", "API access denied"],
  [403, "APIG.0310", "permission", "the project is unavailable"],
  [403, "CCE.01403002", "permission", "an unlisted CCE 403"],
  [403, undefined, "permission", "a 403 with no recognised code"],
  // A state refusal: a `client` answer, which actions settle with a fresh read.
  [403, "CCE.01403003", "client", "the status does not allow the operation"],
  [403, "CCE.01403005", "client", "the status does not allow the operation"],
  [403, "CCE.01403009", "client", "the cluster's status does not allow the operation"],
  // Throttling, whatever the status: the cloud did not act.
  [429, "APIG.0308", "throttle", "Huawei shared gateway"],
  [429, "APIGW.0308", "throttle", "Huawei dedicated gateway"],
  [400, "Throttling", "throttle", "Alibaba, as a 400"],
  [400, "Throttling.User", "throttle", "Alibaba user flow control, as a 400"],
  [400, "Throttling.Api", "throttle", "Alibaba API flow control"],
  [400, "Rejected.Throttling", "throttle", "Alibaba rejected for flow control"],
  [503, "ServiceUnavailable", "throttle", "Alibaba service unavailable"],
  [400, "ServiceUnavailable", "throttle", "ServiceUnavailable whatever the status"],
  [429, undefined, "throttle", "a 429 with no code"],
  // The rest.
  [400, "CCE.01400001", "client", "invalid request"],
  [404, "CCE.01404001", "client", "not found"],
  [404, "InvalidApi.NotFound", "client", "no such API"],
  [502, undefined, "server", "bad gateway"],
  [500, "InternalError", "server", "internal error"],
];

describe("classifyStatus: every documented code, with its kind", () => {
  for (const [status, code, kind, why] of CASES) {
    it(`HTTP ${status} ${code ?? "(no code)"} is ${kind}: ${why}`, () => {
      expect(classifyStatus(status, code)).toBe(kind);
    });
  }
});

describe("what each kind means for a retry", () => {
  it("retries throttling for every method, since the cloud did not act", () => {
    for (const method of ["GET", "POST", "PATCH", "PUT", "DELETE"] as const) {
      expect(isRetryable(method, classifyStatus(400, "Throttling.User"), 400)).toBe(true);
      expect(isRetryable(method, classifyStatus(429, "APIGW.0308"), 429)).toBe(true);
    }
  });

  it("never retries a key refusal or a permission refusal, even for a GET", () => {
    expect(isRetryable("GET", classifyStatus(401, "APIG.0301"), 401)).toBe(false);
    expect(isRetryable("GET", classifyStatus(403, "CCE.01403001"), 403)).toBe(false);
    expect(isRetryable("GET", classifyStatus(403, "Forbidden.RAM"), 403)).toBe(false);
  });

  it("does not retry a state refusal: the action's fresh read settles it", () => {
    expect(isRetryable("PATCH", classifyStatus(403, "CCE.01403004"), 403)).toBe(false);
  });
});

describe("permissionMessage", () => {
  it("names the RAM action and the cluster for ACK", () => {
    expect(
      permissionMessage(
        "alibaba",
        "DescribeClusterTasks",
        "/clusters/c82e6987e2961451182edacd74faf****/tasks",
        "User not authorized to operate on the specified resource.",
      ),
    ).toBe(
      "permission denied: the key may not call DescribeClusterTasks on cluster c82e6987e2961451182edacd74faf**** (RAM action cs:DescribeClusterTasks): User not authorized to operate on the specified resource.",
    );
  });

  it("names the operation and the cluster for CCE, and a task for ACK task calls", () => {
    expect(
      permissionMessage(
        "huawei",
        "ListUpgradeClusterTasks",
        "/api/v3/projects/p1/clusters/c-1/operation/upgrade/tasks",
        undefined,
      ),
    ).toBe(
      "permission denied: the key may not call ListUpgradeClusterTasks on cluster c-1 (grant it in the key's IAM policy)",
    );
    expect(permissionMessage("alibaba", "CancelTask", "/tasks/T-1/cancel", undefined)).toContain(
      "on task T-1 (RAM action cs:CancelTask)",
    );
  });
});
