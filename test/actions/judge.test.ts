import { describe, expect, it } from "vitest";
import { ackPostcheckVerdict } from "../../shared/actions/ackPostcheckVerdict.ts";
import { ACK_FAILED_IS_OVER, judgeCancel } from "../../shared/actions/judgeCancel.ts";
import { judgePostcheck } from "../../shared/actions/judgePostcheck.ts";
import { judgeResume } from "../../shared/actions/judgeResume.ts";
import { ackUpgrade, cceUpgrade, legacyUpgrade, steps } from "../decide/fixtures.ts";

// The pure half of each action: what a fresh read says about acting now. The simulator tests
// drive these through real reads; here every branch is pinned without I/O.

const failedCce = cceUpgrade({
  phase: "failed",
  rawPhase: "Failed",
  workflowPhase: "Pending",
  steps: steps({ PreCheck: { status: "Success" }, Cluster: { status: "Failed" } }),
});

describe("judgeCancel", () => {
  it("acts on the same failed upgrade while the documented preconditions hold", () => {
    expect(judgeCancel(failedCce, failedCce)).toEqual({ act: true, upgrade: failedCce });
  });

  it("never cancels a failed ACK upgrade: it is over, retry or roll forward", () => {
    const ack = ackUpgrade({ phase: "failed", rawPhase: "fail" });
    expect(judgeCancel(ack, ack)).toEqual({
      act: false,
      reason: "precondition",
      message: ACK_FAILED_IS_OVER,
    });
    expect(ACK_FAILED_IS_OVER).toMatch(/retry the upgrade or roll forward/);
  });

  it("reports state-changed when the upgrade is gone, replaced, or no longer failed", () => {
    expect(judgeCancel(failedCce, null)).toMatchObject({ act: false, reason: "state-changed" });
    expect(judgeCancel(failedCce, { ...failedCce, id: "another" })).toMatchObject({
      act: false,
      reason: "state-changed",
      message: expect.stringContaining("another"),
    });
    const retried = { ...failedCce, phase: "running" as const, workflowPhase: "Running" };
    expect(judgeCancel(failedCce, retried)).toMatchObject({
      act: false,
      reason: "state-changed",
      message: expect.stringContaining("no longer failed"),
    });
  });

  it("reports already-done when the fresh read shows it cancelled", () => {
    const cancelled = { ...failedCce, phase: "cancelled" as const, workflowPhase: "Cancel" };
    expect(judgeCancel(failedCce, cancelled)).toMatchObject({ act: false, reason: "already-done" });
  });

  it("reports precondition when a step or the workflow blocks the cancel, or there is no task", () => {
    const blocked = {
      ...failedCce,
      steps: steps({ Cluster: { status: "Failed" }, PostCheck: { status: "Running" } }),
    };
    expect(judgeCancel(failedCce, blocked)).toMatchObject({
      act: false,
      reason: "precondition",
      message: expect.stringContaining("PostCheck=Running"),
    });
    const running = { ...failedCce, workflowPhase: "Running" };
    expect(judgeCancel(failedCce, running)).toMatchObject({ reason: "precondition" });
    const legacy = legacyUpgrade({ phase: "failed" });
    expect(judgeCancel(legacy, legacy)).toMatchObject({ reason: "precondition" });
  });
});

describe("judgeResume", () => {
  const paused = ackUpgrade({ phase: "paused", rawPhase: "running/pause" });

  it("acts while the same upgrade is paused", () => {
    expect(judgeResume(paused, paused)).toEqual({ act: true, upgrade: paused });
  });

  it("reports already-done once the upgrade moves on, and state-changed if it ended otherwise", () => {
    for (const phase of ["running", "pending", "prechecking", "succeeded"] as const) {
      expect(judgeResume(paused, { ...paused, phase })).toMatchObject({ reason: "already-done" });
    }
    for (const phase of ["failed", "cancelled"] as const) {
      expect(judgeResume(paused, { ...paused, phase })).toMatchObject({ reason: "state-changed" });
    }
    expect(judgeResume(paused, null)).toMatchObject({ reason: "state-changed" });
  });
});

describe("judgePostcheck", () => {
  const ok = cceUpgrade({
    phase: "succeeded",
    rawPhase: "Success",
    workflowPhase: "Init",
    steps: steps({ Cluster: { status: "Success" } }),
  });

  it("acts on the same success with no PostCheck recorded", () => {
    expect(judgePostcheck(ok, ok)).toEqual({ act: true, upgrade: ok });
  });

  it("returns the recorded PostCheck step instead of acting", () => {
    const recorded = {
      ...ok,
      steps: steps({ Cluster: { status: "Success" }, PostCheck: { status: "Failed" } }),
    };
    expect(judgePostcheck(ok, recorded)).toEqual({
      act: false,
      recorded: expect.objectContaining({ name: "PostCheck", status: "Failed" }),
    });
  });

  it("reports state-changed when the success is gone or replaced", () => {
    expect(judgePostcheck(ok, { ...ok, id: "next" })).toMatchObject({ reason: "state-changed" });
    expect(judgePostcheck(ok, { ...ok, phase: "running" })).toMatchObject({
      reason: "state-changed",
    });
  });
});

describe("ackPostcheckVerdict", () => {
  const at = (state: string, currentVersion: string | null) => ({
    state,
    currentVersion,
    requestId: null,
  });

  it("passes only a running cluster at the target version", () => {
    expect(ackPostcheckVerdict(at("running", "1.31.1-aliyun.1"), "1.31.1-aliyun.1")).toEqual({
      passed: true,
      taskId: null,
      phase: "running",
      message:
        "DescribeClusterDetail: state running, version 1.31.1-aliyun.1 (target 1.31.1-aliyun.1)",
    });
    expect(ackPostcheckVerdict(at("running", "1.30.1-aliyun.1"), "1.31.1-aliyun.1").passed).toBe(
      false,
    );
    const failed = ackPostcheckVerdict(at("updating_failed", "1.31.1-aliyun.1"), "1.31.1-aliyun.1");
    expect(failed).toMatchObject({ passed: false, phase: "updating_failed" });
  });

  it("judges by state alone when the target version is unknown, and says so", () => {
    expect(ackPostcheckVerdict(at("running", null), null)).toMatchObject({
      passed: true,
      message:
        "DescribeClusterDetail: state running, version unknown (target version unknown, state only)",
    });
  });
});
