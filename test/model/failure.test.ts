import { describe, expect, it } from "vitest";
import { ConfigError, DeadlineError, ProviderError } from "../../shared/errors.ts";
import { FailureSchema, failureFrom } from "../../shared/model/failure.ts";

const cluster = {
  provider: "cce" as const,
  region: "cn-north-4",
  projectId: "0b1c2d3e4f",
  clusterId: "8978deaa-1743-11ee-8e46-0255ac10004c",
  labels: {},
};
const context = { cluster, credentialSet: "huawei-prod" };

describe("failureFrom: one failure shape for every error a read can end in", () => {
  it("keeps a cloud's answer: operation, status, code, message, request id, raw body, attempts", () => {
    const error = new ProviderError({
      cloud: "huawei",
      operation: "ListUpgradeClusterTasks",
      kind: "server",
      status: 502,
      providerMessage: "error body is not JSON",
      requestId: "4d8a9c0e2f1b4a6b9c7d5e3f1a2b3c4d",
      rawBody: `<html>${"x".repeat(3000)}</html>`,
      attempts: 4,
    });
    const f = failureFrom(error, context);
    expect(FailureSchema.parse(f)).toEqual(f);
    expect(f).toMatchObject({
      kind: "server",
      operation: "ListUpgradeClusterTasks",
      status: 502,
      code: null,
      message: "error body is not JSON",
      requestId: "4d8a9c0e2f1b4a6b9c7d5e3f1a2b3c4d",
      attempts: 4,
      credentialSet: "huawei-prod",
    });
    expect(f.rawBody).toHaveLength(2048);
  });

  it("calls a credential set that did not load `credentials`, with nothing sent", () => {
    const f = failureFrom(
      new ConfigError("credentials", 'credential set "huawei-prod" was not loaded'),
      context,
    );
    expect(f).toMatchObject({ kind: "credentials", operation: null, status: null, attempts: 0 });
    expect(f.message).toContain('credential set "huawei-prod" was not loaded');
  });

  it("calls the run's deadline `deadline`, and anything else a bug of ours, `internal`", () => {
    expect(failureFrom(new DeadlineError(110_000), context)).toMatchObject({
      kind: "deadline",
      message: "not read before the run's deadline (110000 ms)",
    });
    expect(failureFrom(new TypeError("x is undefined"), context)).toMatchObject({
      kind: "internal",
      message: "TypeError: x is undefined",
    });
  });
});
