import { afterEach, describe, expect, it } from "vitest";
import { parseScenario } from "../../infra/local/simulator/loadScenario.ts";
import type { Fault } from "../../infra/local/simulator/scenarioSchema.ts";
import type { UpgradeSnapshot } from "../../shared/model/snapshot.ts";
import { readFleet } from "../../shared/poll/readFleet.ts";
import { readSnapshot } from "../../shared/providers/read.ts";
import { demoFleet, type Harness, MIN, startDemo } from "../helpers/demo-harness.ts";

// The real ACK adapter, through the real signed client, against the simulator playing ACK's
// variety: other tasks beside the upgrade (and a server that ignores the task_type filter),
// task-API pauses, loose list shapes, and the legacy-only and older failure forms.
let h: Harness | undefined;
afterEach(async () => {
  await h?.sim.close();
  h = undefined;
});

const KEYS = [
  { ak: "AKHUAWEI", sk: "SKHUAWEI" },
  { ak: "AKALIBABA", sk: "SKALIBABA" },
];
const START = "2025-01-15T02:00:00Z";
const upgradeThenSuccess = {
  startAt: "1m",
  timeline: [
    { phase: "precheck", duration: "1m" },
    { phase: "upgrade", duration: "4m" },
    { phase: "success" },
  ],
};

function ack(clusterId: string, more: Record<string, unknown> = {}) {
  return {
    provider: "ack",
    region: "cn-hangzhou",
    clusterId,
    name: clusterId,
    version: "1.30.1-aliyun.1",
    targetVersion: "1.31.1-aliyun.1",
    credentials: "AKALIBABA",
    upgrade: upgradeThenSuccess,
    ...more,
  };
}

async function start(clusters: Record<string, unknown>[], faults: Partial<Fault>[] = []) {
  h = await startDemo({
    scenario: parseScenario({
      name: "ack-variety",
      start: START,
      credentials: KEYS,
      clusters,
      faults: faults.map((f) => ({ latencyMs: 0, retryAfterSeconds: 1, ...f })),
    }),
  });
  return h;
}

async function readAt(harness: Harness, ms: number) {
  harness.at(ms);
  const result = await readFleet(demoFleet(harness), {
    client: harness.client,
    now: () => harness.clock.now(),
  });
  const by = new Map<string, UpgradeSnapshot>(
    result.snapshots.map((s) => [s.cluster.clusterId, s]),
  );
  return { ...result, get: (id: string) => by.get(id)?.upgrade };
}

const upgradeTaskId = (harness: Harness, clusterId: string) =>
  harness.sim.requests.find((r) => r.operation === "DescribeTaskInfo" && r.clusterId === clusterId)
    ?.path;

describe("ACK task selection against the simulator", () => {
  it("reads the cluster_upgrade task beside newer add-on and node-pool tasks, even when the filter is ignored", async () => {
    const harness = await start([
      ack("cfiltered", {
        ackTasks: [{ taskType: "nodepool_upgrade", startAt: "3m", duration: "20m" }],
      }),
      ack("cignored", {
        ackTasks: [{ taskType: "nodepool_upgrade", startAt: "3m", duration: "20m" }],
        ackShapes: { ignoreTaskTypeFilter: true },
      }),
    ]);
    // 7m: the upgrade succeeded at 6m, ACK's add-on upgrade started at 6m30s, the node-pool
    // upgrade (3m) still runs: both newer than the cluster upgrade, both "upgrade" by name.
    const r = await readAt(harness, 7 * MIN);
    expect(r.failures).toEqual([]);
    for (const id of ["cfiltered", "cignored"]) {
      expect(r.get(id)).toMatchObject({ phase: "succeeded", source: "ack-task", progress: 100 });
      expect(r.get(id)?.createdAt).toBe("2025-01-15T02:01:00.000Z");
      expect(upgradeTaskId(harness, id)).toBe(`/tasks/${r.get(id)?.id}`);
    }
    const lists = harness.sim.requests.filter((q) => q.operation === "DescribeClusterTasks");
    expect(lists).toHaveLength(2);
    for (const q of lists)
      expect(new URLSearchParams(q.query).get("task_type")).toBe("cluster_upgrade");
  });

  it("finds no upgrade in a cluster whose only tasks are ACK's own, and falls back to GetUpgradeStatus", async () => {
    const harness = await start([
      ack("cnoupgrade", {
        upgrade: undefined,
        targetVersion: undefined,
        ackTasks: [{ taskType: "cluster_addon_upgrade", startAt: "1m" }],
        ackShapes: { ignoreTaskTypeFilter: true },
      }),
    ]);
    const r = await readAt(harness, 2 * MIN);
    expect(r.get("cnoupgrade")).toBeNull();
    expect(harness.sim.requests.map((q) => q.operation)).toEqual([
      "DescribeClusterTasks",
      "GetUpgradeStatus",
    ]);
  });
});

describe("ACK pauses and shapes against the simulator", () => {
  it("reads a PauseTask pause from the task API, and running again after ResumeTask", async () => {
    const harness = await start([ack("cpause")]);
    harness.at(3 * MIN);
    const first = await readSnapshot(demoFleet(harness)[0]?.target as never, {
      client: harness.client,
      now: () => harness.clock.now(),
    });
    const taskId = first.upgrade?.id ?? "";
    await harness.ack("PauseTask", "POST", `/tasks/${taskId}/pause`);
    const paused = await readAt(harness, 3 * MIN + 10_000);
    expect(paused.get("cpause")).toMatchObject({ id: taskId, phase: "paused", rawPhase: "paused" });
    await harness.ack("ResumeTask", "POST", `/tasks/${taskId}/resume`);
    const resumed = await readAt(harness, 3 * MIN + 20_000);
    expect(resumed.get("cpause")).toMatchObject({ id: taskId, phase: "running" });
  });

  it("reads null and single-object lists and string counts like the documented arrays", async () => {
    const harness = await start([
      ack("cloose", {
        ackTasks: [{ taskType: "runtime_upgrade", startAt: "-1d" }],
        ackShapes: { lists: "loose", countsAsStrings: true, ignoreTaskTypeFilter: true },
      }),
      ack("carray", { ackTasks: [{ taskType: "runtime_upgrade", startAt: "-1d" }] }),
    ]);
    for (const at of [90_000, 4 * MIN, 7 * MIN]) {
      const r = await readAt(harness, at);
      expect(r.failures).toEqual([]);
      const { id: _a, ...loose } = r.get("cloose") ?? {};
      const { id: _b, ...array } = r.get("carray") ?? {};
      expect(loose).toEqual(array);
    }
  });

  it("reads a legacy-only failure in the older nested form as failed, not paused", async () => {
    const harness = await start([
      ack("cnested", {
        ackShapes: { legacyOnly: true, legacyFailure: "nested" },
        upgrade: {
          startAt: "1m",
          timeline: [
            { phase: "upgrade", duration: "4m", progressTo: 40 },
            { phase: "failure", message: "master1 failed" },
          ],
        },
      }),
    ]);
    const r = await readAt(harness, 6 * MIN);
    expect(r.get("cnested")).toMatchObject({
      id: "legacy:cnested",
      phase: "failed",
      rawPhase: "pause/pause/failed",
      source: "ack-upgrade-status",
      message: "master1 failed",
    });
  });

  it("keeps one cluster's unreadable answer from changing another's result", async () => {
    const clusters = [
      ack("cbroken"),
      ack("cfine", { ackTasks: [{ taskType: "nodepool_upgrade", startAt: "2m" }] }),
    ];
    const clean = await readAt(await start(clusters), 4 * MIN);
    await h?.sim.close();
    const broken = await readAt(
      await start(clusters, [
        { kind: "malformed", clusterId: "cbroken", operation: "DescribeTaskInfo" },
      ]),
      4 * MIN,
    );
    expect(broken.failures.map((f) => [f.cluster.clusterId, f.kind])).toEqual([
      ["cbroken", "parse"],
    ]);
    expect(broken.failures[0]?.rawBody).toMatch(/^\{/);
    expect(broken.get("cfine")).toEqual(clean.get("cfine"));
  });
});
