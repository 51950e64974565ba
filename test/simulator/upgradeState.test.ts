import { describe, expect, it } from "vitest";
import { UpgradeScriptSchema } from "../../infra/local/simulator/scenarioSchema.ts";
import { evaluateUpgrade, type UpgradeAction } from "../../infra/local/simulator/upgradeState.ts";

const MIN = 60_000;
const script = (timeline: unknown[], extra: Record<string, unknown> = {}) =>
  UpgradeScriptSchema.parse({ startAt: 0, timeline, ...extra });

describe("evaluateUpgrade: state is computed from the script, the actions and the time", () => {
  const basic = script([
    { phase: "precheck", duration: "2m" },
    { phase: "upgrade", duration: "10m" },
    { phase: "success" },
  ]);

  it("is null before the start, then walks precheck, running and success", () => {
    expect(evaluateUpgrade(basic, 1000, [], 999)).toBeNull();
    expect(evaluateUpgrade(basic, 0, [], MIN)?.status).toBe("precheck");
    const mid = evaluateUpgrade(basic, 0, [], 7 * MIN);
    expect(mid).toMatchObject({ status: "running", progress: 50, taskCreatedAt: 2 * MIN });
    const done = evaluateUpgrade(basic, 0, [], 20 * MIN);
    expect(done).toMatchObject({ status: "succeeded", progress: 100, finishedAt: 12 * MIN });
    expect(done?.steps.map((s) => [s.name, s.state, s.start, s.end])).toEqual([
      ["precheck", "success", 0, 2 * MIN],
      ["upgrade", "success", 2 * MIN, 12 * MIN],
    ]);
  });

  it("moves updatedAt with each whole percent, so a stalled upgrade's update time stops", () => {
    const stall = script([
      { phase: "upgrade", duration: "10m", progressTo: 30 },
      { phase: "stall" },
    ]);
    const early = evaluateUpgrade(stall, 0, [], 5 * MIN);
    expect(early?.progress).toBe(15);
    expect(early?.updatedAt).toBe(5 * MIN);
    const later = evaluateUpgrade(stall, 0, [], 600 * MIN);
    expect(later).toMatchObject({ status: "stalled", progress: 30, updatedAt: 10 * MIN });
  });

  it("pauses on a pause action, holds progress, and resumes where it stopped", () => {
    const actions: UpgradeAction[] = [
      { kind: "pause", at: 7 * MIN },
      { kind: "resume", at: 30 * MIN },
    ];
    const paused = evaluateUpgrade(basic, 0, actions.slice(0, 1), 20 * MIN);
    expect(paused).toMatchObject({ status: "paused", progress: 50, updatedAt: 7 * MIN });
    const resumed = evaluateUpgrade(basic, 0, actions, 32 * MIN);
    expect(resumed).toMatchObject({ status: "running", progress: 70 });
    expect(evaluateUpgrade(basic, 0, actions, 40 * MIN)).toMatchObject({
      status: "succeeded",
      finishedAt: 35 * MIN,
    });
  });

  it("holds a scripted open-ended pause until a resume", () => {
    const s = script([
      { phase: "upgrade", duration: "4m", progressTo: 40 },
      { phase: "pause" },
      { phase: "upgrade", duration: "6m" },
      { phase: "success" },
    ]);
    expect(evaluateUpgrade(s, 0, [], 999 * MIN)).toMatchObject({ status: "paused", progress: 40 });
    const resumed = evaluateUpgrade(s, 0, [{ kind: "resume", at: 100 * MIN }], 103 * MIN);
    expect(resumed).toMatchObject({ status: "running", progress: 70 });
  });

  it("a scripted pause with a duration resumes by itself", () => {
    const s = script([
      { phase: "pause", duration: "5m" },
      { phase: "upgrade", duration: "5m" },
      { phase: "success" },
    ]);
    expect(evaluateUpgrade(s, 0, [], 4 * MIN)?.status).toBe("paused");
    expect(evaluateUpgrade(s, 0, [], 11 * MIN)?.status).toBe("succeeded");
  });

  it("fails with the scripted message, and a retry runs the afterRetry script", () => {
    const s = script(
      [
        { phase: "upgrade", duration: "5m", progressTo: 60 },
        { phase: "failure", message: "boom" },
      ],
      { afterRetry: [{ phase: "upgrade", duration: "4m" }, { phase: "success" }] },
    );
    expect(evaluateUpgrade(s, 0, [], 6 * MIN)).toMatchObject({
      status: "failed",
      failureMessage: "boom",
      finishedAt: 5 * MIN,
      progress: 60,
    });
    const retry: UpgradeAction[] = [{ kind: "retry", at: 10 * MIN }];
    expect(evaluateUpgrade(s, 0, retry, 12 * MIN)).toMatchObject({
      status: "running",
      progress: 80,
      retries: 1,
      finishedAt: null,
    });
    expect(evaluateUpgrade(s, 0, retry, 15 * MIN)).toMatchObject({
      status: "succeeded",
      finishedAt: 14 * MIN,
    });
  });

  it("a cancel ends a running or paused task; a workflow cancel and postchecks decorate a finished one", () => {
    expect(evaluateUpgrade(basic, 0, [{ kind: "cancelTask", at: 5 * MIN }], 9 * MIN)).toMatchObject(
      { status: "cancelled", finishedAt: 5 * MIN },
    );
    const done: UpgradeAction[] = [
      { kind: "postcheck", at: 15 * MIN, uid: "p1", result: "Failed" },
      { kind: "cancelWorkflow", at: 16 * MIN },
    ];
    const s = evaluateUpgrade(basic, 0, done, 20 * MIN);
    expect(s?.postchecks).toEqual([{ uid: "p1", at: 15 * MIN, result: "Failed" }]);
    expect(s?.workflowCancelledAt).toBe(16 * MIN);
  });

  it("a script without an end stays where it stopped", () => {
    const s = script([{ phase: "upgrade", duration: "1m", progressTo: 10 }]);
    expect(evaluateUpgrade(s, 0, [], 60 * MIN)).toMatchObject({ status: "stalled", progress: 10 });
  });
});
