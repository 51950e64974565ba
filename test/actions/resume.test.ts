import { afterEach, describe, expect, it } from "vitest";
import { PastUpgradeSchema } from "../../infra/local/simulator/scenarioSchema.ts";
import { runResume } from "../../shared/actions/runResume.ts";
import { ProviderError } from "../../shared/client/index.ts";
import { ResumeDueDetailSchema } from "../../shared/events/dueDetails.ts";
import { alertView } from "../../shared/notify/alertView.ts";
import {
  type ActionStack,
  actionStackPolledAt,
  closeActionStacks,
  MIN,
  onlyEvent,
  writes,
} from "../helpers/action-stack.ts";
import { actionsScenario, withAckShapes } from "../helpers/actions-scenario.ts";
import { holdWritesUntil } from "../helpers/held-writes-client.ts";

// resume-upgrade's core against the simulator. The upgrades pause at 6m; the poller core's
// Resume Due at T = 10m (02:10 UTC, a Wednesday) drives each test.
afterEach(closeActionStacks);

const setup = (options: Parameters<typeof actionStackPolledAt>[1] = {}) =>
  actionStackPolledAt(10, options);

const only = onlyEvent;

const ackCall = (
  s: ActionStack,
  operation: string,
  path: string,
  method: "GET" | "POST" = "POST",
) =>
  s.client.request({
    cloud: "alibaba",
    operation,
    method,
    endpoint: s.sim.url,
    path,
    credentials: s.shepherd.credentials.get(s.cluster("ack-pause").credentials),
  });

/** The actions scenario with three past 20-minute upgrades on the paused clusters. */
function withHistory(): ReturnType<typeof actionsScenario> {
  const base = actionsScenario();
  const past = [-300, -200, -100].map((days) =>
    PastUpgradeSchema.parse({ startAt: `${days}d`, took: "20m", from: "old", to: "older" }),
  );
  return {
    ...base,
    clusters: base.clusters.map((c) =>
      c.name === "ack-pause" || c.name === "cce-pause" ? { ...c, pastUpgrades: past } : c,
    ),
  };
}

describe("resume-upgrade: the ETA of the resumed upgrade (issue 18)", () => {
  it("says when a resumed upgrade will likely finish, from the cluster's own past upgrades", async () => {
    const { s, events } = await actionStackPolledAt(10, { scenario: withHistory() });
    for (const name of ["cce-pause", "ack-pause"]) {
      const due = s.due(events, "Resume Due", name);
      const event = only(await runResume(due, s.deps(name)));
      expect(event.detailType, name).toBe("Action Succeeded");
      const eta = (
        event.detail as { eta?: { basis: string; samples: number; usualTotalMs: number } }
      ).eta;
      expect(eta, name).toMatchObject({ basis: "cluster", samples: 3, usualTotalMs: 20 * MIN });
      const text = JSON.stringify(alertView(event).facts);
      expect(text, name).toContain("ETA");
    }
  });

  it("gives no ETA when the cluster has fewer than 3 finished upgrades", async () => {
    const { s, events } = await setup();
    const due = s.due(events, "Resume Due", "cce-pause");
    const event = only(await runResume(due, s.deps("cce-pause")));
    expect(event.detailType).toBe("Action Succeeded");
    expect((event.detail as { eta?: unknown }).eta).toBeUndefined();
  });
});

describe("resume-upgrade", () => {
  it("continues a paused CCE upgrade with ContinueUpgradeClusterTask", async () => {
    const { s, events } = await setup();
    const due = s.due(events, "Resume Due", "cce-pause");
    const mark = s.sim.requests.length;
    const event = only(await runResume(due, s.deps("cce-pause")));
    expect(event).toMatchObject({
      detailType: "Action Succeeded",
      detail: { action: "resume", alreadyDone: false, upgrade: { phase: "paused" } },
    });
    expect(writes(s.since(mark)).map((r) => [r.operation, r.status, r.mutated])).toEqual([
      ["ContinueUpgradeClusterTask", 200, true],
    ]);
    expect(s.sim.upgradeState(due.cluster.clusterId)?.status).toBe("running");
  });

  it("resumes a paused ACK upgrade with ResumeTask on its task", async () => {
    const { s, events } = await setup();
    const due = s.due(events, "Resume Due", "ack-pause");
    // The task API itself says paused; the action's fresh re-read reads it so, and acts.
    expect(due.upgrade).toMatchObject({ source: "ack-task", phase: "paused", rawPhase: "paused" });
    const mark = s.sim.requests.length;
    const event = only(await runResume(due, s.deps("ack-pause")));
    expect(event.detail).toMatchObject({
      alreadyDone: false,
      message: `ResumeTask accepted for task ${due.upgrade.id}`,
    });
    expect(s.since(mark).map((r) => [r.operation, r.path, r.mutated])).toEqual([
      ["DescribeClusterTasks", `/clusters/${due.cluster.clusterId}/tasks`, false],
      ["DescribeTaskInfo", `/tasks/${due.upgrade.id}`, false],
      ["ResumeTask", `/tasks/${due.upgrade.id}/resume`, true],
    ]);
    expect(s.sim.upgradeState(due.cluster.clusterId)?.status).toBe("running");
    s.at(11 * MIN);
    const info = await ackCall(s, "DescribeTaskInfo", `/tasks/${due.upgrade.id}`, "GET");
    expect((info.body as { state: string }).state).toBe("running");
  });

  it("resumes a pause seen only through legacy GetUpgradeStatus with ResumeUpgradeCluster", async () => {
    const scenario = withAckShapes(actionsScenario(), "ack-pause", { legacyOnly: true });
    const { s, events } = await setup({ scenario });
    const due = s.due(events, "Resume Due", "ack-pause");
    expect(due.upgrade).toMatchObject({ source: "ack-upgrade-status", phase: "paused" });
    expect(due.pausedSince).toBeNull();
    const mark = s.sim.requests.length;
    const event = only(await runResume(due, s.deps("ack-pause")));
    expect(event.detail).toMatchObject({
      message: expect.stringContaining("ResumeUpgradeCluster accepted (deprecated"),
    });
    expect(writes(s.since(mark)).map((r) => [r.operation, r.mutated])).toEqual([
      ["ResumeUpgradeCluster", true],
    ]);
  });

  it("skips an outside-window resume without a request, and a later run inside the window resumes", async () => {
    const window = { timeZone: "UTC", days: ["wed"], start: "03:00", end: "04:00" };
    const { s, events } = await setup({ defaults: { maintenanceWindows: [window] } });
    const early = s.due(events, "Resume Due", "ack-pause");
    const mark = s.sim.requests.length;
    const skipped = only(await runResume(early, s.deps("ack-pause")));
    expect(skipped.detail).toMatchObject({
      reason: "outside-window",
      severity: "debug",
      message: expect.stringContaining("wed 03:00-04:00 UTC"),
    });
    expect(s.since(mark)).toEqual([]);
    expect(s.sim.upgradeState(early.cluster.clusterId)?.status).toBe("paused");

    // 03:05 UTC: the poller's next Resume Due (level: every run while paused) falls in it.
    const later = await s.poll(65 * MIN);
    const due = s.due(later, "Resume Due", "ack-pause");
    expect(due.id).not.toBe(early.id);
    const done = only(await runResume(due, s.deps("ack-pause")));
    expect(done).toMatchObject({ detailType: "Action Succeeded", detail: { dueEventId: due.id } });
    expect(s.sim.requests.filter((r) => r.mutated).map((r) => r.operation)).toEqual(["ResumeTask"]);
    expect(s.sim.upgradeState(due.cluster.clusterId)?.status).toBe("running");
  });

  it("judges the window at the action's clock, not the poll's T", async () => {
    const window = { timeZone: "Asia/Shanghai", days: ["wed"], start: "10:11", end: "11:00" };
    const { s, events } = await setup({ defaults: { maintenanceWindows: [window] } });
    const due = s.due(events, "Resume Due", "cce-pause");
    s.at(10 * MIN + 30_000); // 02:10:30 UTC = 10:10:30 in Shanghai: not yet
    expect(only(await runResume(due, s.deps("cce-pause"))).detail).toMatchObject({
      reason: "outside-window",
    });
    s.at(11 * MIN); // 10:11 in Shanghai: the window opens
    expect(only(await runResume(due, s.deps("cce-pause"))).detailType).toBe("Action Succeeded");
  });

  it("skips for policy under alert-only, the default", async () => {
    const { s, events } = await setup({ defaults: { onPause: "alert-only" } });
    const due = s.due(events, "Resume Due", "cce-pause");
    const mark = s.sim.requests.length;
    expect(only(await runResume(due, s.deps("cce-pause"))).detail).toMatchObject({
      reason: "policy",
      severity: "debug",
    });
    expect(s.since(mark)).toEqual([]);
  });

  it("skips as unsupported on Autopilot, which has no continue API, and sends nothing", async () => {
    // The poller emits no Resume Due for Autopilot; one made from its pause must still be
    // answered without inventing a call.
    const { s, events } = await setup();
    const paused = s.find(events, "Upgrade Paused", "ap-pause");
    const template = s.due(events, "Resume Due", "cce-pause");
    const due = ResumeDueDetailSchema.parse({
      ...template,
      cluster: paused.cluster,
      upgrade: paused.upgrade,
      consoleUrl: paused.consoleUrl,
    });
    const mark = s.sim.requests.length;
    expect(only(await runResume(due, s.deps("ap-pause"))).detail).toMatchObject({
      reason: "unsupported",
      severity: "debug",
    });
    expect(s.since(mark)).toEqual([]);
  });

  it("skips with already-done when someone resumed it first", async () => {
    const { s, events } = await setup();
    const due = s.due(events, "Resume Due", "ack-pause");
    await ackCall(s, "ResumeTask", `/tasks/${due.upgrade.id}/resume`);
    const mark = s.sim.requests.length;
    expect(only(await runResume(due, s.deps("ack-pause"))).detail).toMatchObject({
      reason: "already-done",
      upgrade: { phase: "running" },
    });
    expect(writes(s.since(mark))).toEqual([]);
  });

  it("skips with state-changed when the paused upgrade was cancelled instead", async () => {
    const { s, events } = await setup();
    const due = s.due(events, "Resume Due", "ack-pause");
    await ackCall(s, "CancelTask", `/tasks/${due.upgrade.id}/cancel`);
    const mark = s.sim.requests.length;
    expect(only(await runResume(due, s.deps("ack-pause"))).detail).toMatchObject({
      reason: "state-changed",
      upgrade: { phase: "cancelled" },
    });
    expect(writes(s.since(mark))).toEqual([]);
  });

  it("counts ACK's refusal of a resume a concurrent delivery already made as done", async () => {
    const { s, events } = await setup();
    const due = s.due(events, "Resume Due", "ack-pause");
    const client = holdWritesUntil(s.client, 2);
    const results = await Promise.all([
      runResume(due, s.deps("ack-pause", { client })),
      runResume(due, s.deps("ack-pause", { client })),
    ]);
    expect(results.map((r) => only(r).detail)).toMatchObject([
      { alreadyDone: false },
      { alreadyDone: true, message: expect.stringContaining("ResumeTask was refused (BadRequest") },
    ]);
    const resumes = s.sim.requests.filter((r) => r.operation === "ResumeTask");
    expect(resumes.map((r) => [r.status, r.mutated])).toEqual([
      [200, true],
      [400, false],
    ]);
  });

  it("throws when throttling outlasts the client's retries, having changed nothing", async () => {
    const { s, events } = await setup({
      faults: [{ kind: "throttle", operation: "ContinueUpgradeClusterTask", count: 10 }],
    });
    const due = s.due(events, "Resume Due", "cce-pause");
    const error = await runResume(due, s.deps("cce-pause")).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ kind: "throttle", code: "APIG.0308", attempts: 4 });
    expect(s.sim.requests.filter((r) => r.mutated)).toEqual([]);
    expect(s.sim.upgradeState(due.cluster.clusterId)?.status).toBe("paused");
  });
});
