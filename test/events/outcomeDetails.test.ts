import { describe, expect, it } from "vitest";
import { windowFor } from "../../shared/decide/windowFor.ts";
import { autoActionsSuspendedId, outcomeEventId } from "../../shared/events/eventId.ts";
import {
  ActionFailedDetailSchema,
  ActionSkippedDetailSchema,
  ActionSucceededDetailSchema,
  AutoActionsSuspendedDetailSchema,
  actionSkippedSeverity,
  PostcheckFailedDetailSchema,
  PostcheckPassedDetailSchema,
  SkipReasonSchema,
} from "../../shared/events/outcomeDetails.ts";
import { ACK, ackUpgrade, MIN, T0 } from "../helpers/upgrades.ts";

const window = windowFor(new Date(T0), 5 * MIN, 2 * MIN);
const dueEventId = "0123456789abcdef0123456789abcdef";
const common = {
  cluster: ACK,
  upgrade: ackUpgrade({ phase: "failed" }),
  window,
  consoleUrl: "https://cs.console.aliyun.com/#/k8s/cluster/c1/v2/info/overview?region=cn-hangzhou",
  dueEventId,
  dryRun: false,
};

describe("outcome details", () => {
  it("parse for each outcome the later functions emit", () => {
    expect(
      PostcheckPassedDetailSchema.parse({
        ...common,
        id: outcomeEventId(dueEventId, "Postcheck Passed"),
        severity: "info",
        postcheck: { taskId: "pc-1", phase: "Success", message: null },
      }).postcheck.phase,
    ).toBe("Success");
    expect(
      PostcheckFailedDetailSchema.safeParse({
        ...common,
        id: outcomeEventId(dueEventId, "Postcheck Failed"),
        severity: "critical",
        postcheck: { taskId: null, phase: "Error", message: "node not ready" },
      }).success,
    ).toBe(true);
    expect(
      ActionSucceededDetailSchema.safeParse({
        ...common,
        id: outcomeEventId(dueEventId, "Action Succeeded"),
        severity: "info",
        action: "cancel",
        alreadyDone: true,
        requestId: "req-1",
        message: null,
      }).success,
    ).toBe(true);
    expect(
      ActionFailedDetailSchema.safeParse({
        ...common,
        id: outcomeEventId(dueEventId, "Action Failed"),
        severity: "critical",
        action: "resume",
        error: {
          kind: "client",
          code: "ErrorTaskNotPaused",
          message: "not paused",
          requestId: null,
        },
      }).success,
    ).toBe(true);
    expect(
      AutoActionsSuspendedDetailSchema.safeParse({
        id: autoActionsSuspendedId(window.t, "cancel", null),
        severity: "critical",
        window,
        action: "cancel",
        clustersDueForCancel: 12,
        limit: 3,
        shard: null,
      }).success,
    ).toBe(true);
  });

  it("give Action Skipped debug, except warning for precondition, blast-radius and an announced precheck", () => {
    const severities = Object.fromEntries(
      SkipReasonSchema.options.map((r) => [r, actionSkippedSeverity(r)]),
    );
    expect(severities).toEqual({
      policy: "debug",
      "dry-run": "debug",
      "outside-window": "debug",
      "state-changed": "debug",
      "already-done": "debug",
      unsupported: "debug",
      precondition: "warning",
      "blast-radius": "warning",
      precheck: "warning",
      "precheck-running": "debug",
    });
    // A precheck's findings outside the window of its finish are a reminder, at debug.
    expect(actionSkippedSeverity("precheck", false, false)).toBe("debug");
    expect(actionSkippedSeverity("precheck", true, false)).toBe("warning");
  });

  it("reject an Action Skipped whose severity does not follow its reason", () => {
    const skipped = (reason: string, severity: string) =>
      ActionSkippedDetailSchema.safeParse({
        ...common,
        id: outcomeEventId(dueEventId, "Action Skipped"),
        severity,
        action: "cancel",
        reason,
        message: null,
      }).success;
    expect(skipped("policy", "debug")).toBe(true);
    expect(skipped("blast-radius", "warning")).toBe(true);
    expect(skipped("policy", "warning")).toBe(false);
    expect(skipped("precondition", "debug")).toBe(false);
  });

  it("reject unknown fields and non-hex ids", () => {
    const ok = {
      ...common,
      id: outcomeEventId(dueEventId, "Action Succeeded"),
      severity: "info",
      action: "postcheck",
      alreadyDone: false,
      requestId: null,
      message: null,
    };
    expect(ActionSucceededDetailSchema.safeParse(ok).success).toBe(true);
    expect(ActionSucceededDetailSchema.safeParse({ ...ok, extra: 1 }).success).toBe(false);
    expect(ActionSucceededDetailSchema.safeParse({ ...ok, id: "not-an-id" }).success).toBe(false);
  });
});
