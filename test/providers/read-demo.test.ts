import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { UpgradeSnapshot } from "../../shared/model/snapshot.ts";
import { readFleet } from "../../shared/poll/readFleet.ts";
import { demoFleet, type Harness, MIN, startDemo } from "../helpers/demo-harness.ts";

// The real adapters read the simulator's demo scenario over loopback, through the real signed
// client, at several points of each cluster's timeline.
let h: Harness;
beforeEach(async () => {
  h = await startDemo();
});
afterEach(async () => {
  await h.sim.close();
});

const start = () => Date.parse(h.scenario.start);
const iso = (offsetMs: number) => new Date(start() + offsetMs).toISOString();

async function readAt(offsetMs: number) {
  h.at(offsetMs);
  const result = await readFleet(demoFleet(h), { client: h.client, now: () => h.clock.now() });
  const byName = new Map<string, UpgradeSnapshot>(
    result.snapshots.map((s) => [s.cluster.name ?? "", s]),
  );
  return { ...result, get: (name: string) => byName.get(name)?.upgrade };
}

describe("reading the demo fleet", () => {
  it("sees no upgrade before one starts, and last month's ACK upgrade as old success", async () => {
    const r = await readAt(0);
    expect(r.snapshots).toHaveLength(6);
    expect(r.get("cce-success")).toBeNull();
    expect(r.get("ack-pause")).toBeNull();
    const old = r.get("ack-old-upgrade");
    expect(old?.phase).toBe("succeeded");
    expect(old?.source).toBe("ack-task");
    expect(Date.parse(old?.finishedAt ?? "")).toBeLessThan(start() - 29 * 24 * 60 * MIN);
  });

  it("sees prechecks, then running upgrades with progress and versions", async () => {
    const early = await readAt(3 * MIN + 30_000);
    // CCE creates the upgrade task after the precheck; until then there is no upgrade to see.
    expect(early.get("cce-success")).toBeNull();
    expect(early.get("ack-pause")?.phase).toBe("prechecking");
    expect(early.get("ack-pause")?.rawPhase).toBe("running/running");
    expect(early.get("cce-stall")?.phase).toBe("running");

    const later = await readAt(10 * MIN);
    const stall = later.get("cce-stall");
    expect(stall).toMatchObject({
      phase: "running",
      source: "cce-task",
      fromVersion: "v1.28.3-r0",
      toVersion: "v1.29.1-r0",
      createdAt: iso(3 * MIN), // the upgrade task is created after the 2-minute precheck
      finishedAt: null,
    });
    expect(stall?.progress).toBeGreaterThan(0);
    expect(stall?.progress).toBeLessThan(35);
    expect(stall?.steps.map((s) => [s.name, s.status])).toContainEqual(["Cluster", "Running"]);
  });

  it("sees the ACK pause as the task's own state paused, with no GetUpgradeStatus call", async () => {
    const r = await readAt(12 * MIN);
    const ack = r.get("ack-pause");
    expect(ack?.phase).toBe("paused");
    expect(ack?.rawPhase).toBe("paused");
    expect(ack?.createdAt).toBe(iso(3 * MIN));
    const id = h.cluster("ack-pause").clusterId;
    expect(h.sim.requests.filter((q) => q.clusterId === id).map((q) => q.operation)).toEqual([
      "DescribeClusterTasks",
      "DescribeTaskInfo",
    ]);
  });

  it("never takes ACK's own node-pool upgrade for a cluster upgrade", async () => {
    const r = await readAt(10 * MIN);
    const old = r.get("ack-old-upgrade");
    expect(old).toMatchObject({ phase: "succeeded", source: "ack-task" });
    expect(Date.parse(old?.createdAt ?? "")).toBeLessThan(start() - 29 * 24 * 60 * MIN);
    const id = h.cluster("ack-old-upgrade").clusterId;
    const list = h.sim.requests.find((q) => q.clusterId === id);
    expect(list?.operation).toBe("DescribeClusterTasks");
  });

  it("sees failures with their immutable finish times and cancellable workflows", async () => {
    const r = await readAt(18 * MIN);
    const ap = r.get("autopilot-fail");
    expect(ap).toMatchObject({
      phase: "failed",
      finishedAt: iso(17 * MIN),
      workflowPhase: "Pending",
    });
    expect(ap?.workflowId).toMatch(/.+/);
    expect(ap?.steps.find((s) => s.name === "PostCheck")?.status).toBeNull();
    expect(r.get("cce-dryrun-fail")).toMatchObject({ phase: "failed", finishedAt: iso(16 * MIN) });
  });

  it("sees success at the task's completion time, with progress 100 and no PostCheck yet", async () => {
    const r = await readAt(23 * MIN);
    const ok = r.get("cce-success");
    expect(ok).toMatchObject({ phase: "succeeded", progress: 100, finishedAt: iso(22 * MIN) });
    expect(ok?.steps.find((s) => s.name === "PostCheck")?.status ?? null).toBeNull();
  });

  it("reports the bad-credentials cluster as an auth failure, after exactly one attempt", async () => {
    const r = await readAt(6 * MIN);
    expect(r.failures).toHaveLength(1);
    expect(r.failures[0]).toMatchObject({
      kind: "auth",
      status: 401,
      code: "APIG.0301",
      credentialSet: "DEMOREVOKEDAK00000001",
    });
    expect(r.failures[0]?.cluster.name).toBe("cce-bad-credentials");
    const attempts = h.sim.requests.filter((q) => q.ak === "DEMOREVOKEDAK00000001");
    expect(attempts).toHaveLength(1);
  });
});
