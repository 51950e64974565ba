import { describe, expect, it } from "vitest";
import { classifyStatus, readErrorBody } from "../../shared/client/classify.ts";
import { DEFAULT_RETRY, isRetryable, parseRetryAfter } from "../../shared/client/retry.ts";
import { backoffDelay, nextRetry } from "../../shared/retryPolicy.ts";

describe("retry policy", () => {
  it.each([
    ["GET", "throttle", 429, true],
    ["GET", "server", 500, true],
    ["GET", "network", undefined, true],
    ["GET", "timeout", undefined, true],
    ["GET", "auth", 401, false],
    ["GET", "auth", 403, false],
    ["GET", "client", 404, false],
    ["GET", "parse", 200, false],
    ["POST", "throttle", 429, true],
    ["POST", "server", 503, true],
    ["POST", "server", 500, false],
    ["PATCH", "network", undefined, false],
    ["PATCH", "timeout", undefined, false],
    ["POST", "auth", 401, false],
  ] as const)("%s after %s (%s) retries: %s", (method, kind, status, expected) => {
    expect(isRetryable(method, kind, status)).toBe(expected);
  });

  it("draws full jitter below an exponentially growing, capped ceiling", () => {
    expect(backoffDelay(1, DEFAULT_RETRY, () => 0.999)).toBe(199);
    expect(backoffDelay(3, DEFAULT_RETRY, () => 0.999)).toBe(799);
    expect(backoffDelay(12, DEFAULT_RETRY, () => 0.999)).toBe(4995);
    expect(backoffDelay(5, DEFAULT_RETRY, () => 0)).toBe(0);
  });

  it("waits what Retry-After asks, else the backoff, and stops when attempts or time are spent", () => {
    const policy = { maxAttempts: 3, baseDelayMs: 100, maxDelayMs: 1_000, maxTotalMs: 2_000 };
    const half = () => 0.5;
    expect(nextRetry(policy, 1, 0, undefined, half)).toBe(50);
    expect(nextRetry(policy, 2, 0, 1_500, half)).toBe(1_500);
    // The attempt that just failed was the last one allowed.
    expect(nextRetry(policy, 3, 0, undefined, half)).toBeNull();
    // The wait would end past maxTotalMs from the first attempt; exactly at it is still allowed.
    expect(nextRetry(policy, 2, 600, 1_500, half)).toBeNull();
    expect(nextRetry(policy, 2, 500, 1_500, half)).toBe(1_500);
  });

  it("reads Retry-After as seconds or as an HTTP date", () => {
    const now = new Date("2026-11-22T08:00:00Z");
    expect(parseRetryAfter("3", now)).toBe(3000);
    expect(parseRetryAfter("Sun, 22 Nov 2026 08:00:05 GMT", now)).toBe(5000);
    expect(parseRetryAfter("Sun, 22 Nov 2026 07:59:00 GMT", now)).toBe(0);
    expect(parseRetryAfter("soon", now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });
});

describe("error classification", () => {
  it("reads both clouds' error bodies", () => {
    expect(readErrorBody({ error_code: "APIG.0301", error_msg: "bad", request_id: "r1" })).toEqual({
      code: "APIG.0301",
      message: "bad",
      requestId: "r1",
    });
    expect(readErrorBody({ code: "Throttling.User", message: "slow", requestId: "r2" })).toEqual({
      code: "Throttling.User",
      message: "slow",
      requestId: "r2",
    });
    expect(readErrorBody({ errorCode: "CCE.01400001", errorMessage: "Invalid request." })).toEqual({
      code: "CCE.01400001",
      message: "Invalid request.",
      requestId: undefined,
    });
    expect(readErrorBody("not an object").code).toBeUndefined();
  });

  it("treats auth codes as auth whatever the status, and throttling codes as throttling", () => {
    expect(classifyStatus(404, "InvalidAccessKeyId.NotFound")).toBe("auth");
    expect(classifyStatus(400, "SignatureDoesNotMatch")).toBe("auth");
    expect(classifyStatus(429, "APIG.0308")).toBe("throttle");
    expect(classifyStatus(400, "Throttling.User")).toBe("throttle");
    expect(classifyStatus(400, "CCE.01400001")).toBe("client");
    expect(classifyStatus(502, undefined)).toBe("server");
  });
});
