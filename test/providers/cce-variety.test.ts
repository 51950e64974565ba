import { afterEach, describe, expect, it } from "vitest";
import { loadScenario } from "../../infra/local/simulator/loadScenario.ts";
import { type CceVariety, CceVarietySchema } from "../../infra/local/simulator/scenarioSchema.ts";
import { cancellable } from "../../shared/decide/upgradeTimes.ts";
import type { UpgradeSnapshot } from "../../shared/model/snapshot.ts";
import { readFleet } from "../../shared/poll/readFleet.ts";
import { readCceSnapshot } from "../../shared/providers/cce.ts";
import { demoFleet, demoRead, type Harness, MIN, startDemo } from "../helpers/demo-harness.ts";

// The real adapter reads the simulator's CCE and Autopilot variety (issue 13) over loopback,
// through the real signed client: accounts without the upgrade APIs, lists as null or as one
// object, an undocumented phase, and seed 001's workflow updateTimestamp.
const harnesses: Harness[] = [];
afterEach(async () => {
  await Promise.all(harnesses.splice(0).map((h) => h.sim.close()));
});

/** The demo scenario with `cce` options (checked by the scenario's own schema) on some clusters. */
async function demoWith(variety: Record<string, Partial<CceVariety>>): Promise<Harness> {
  const demo = await loadScenario("demo");
  const cce = (name: string) => variety[name] && CceVarietySchema.parse(variety[name]);
  const scenario = {
    ...demo,
    clusters: demo.clusters.map((c) => (variety[c.name] ? { ...c, cce: cce(c.name) } : c)),
  };
  const h = await startDemo({ scenario });
  harnesses.push(h);
  return h;
}

async function readAll(h: Harness, at: number) {
  h.at(at);
  const result = await readFleet(demoFleet(h), demoRead(h));
  const byName = (name: string): UpgradeSnapshot | undefined =>
    result.snapshots.find((s) => s.cluster.name === name);
  return { ...result, byName };
}

const target = (h: Harness, name: string) => {
  const member = demoFleet(h).find((m) => m.target.cluster.name === name);
  if (!member) throw new Error(`no cluster ${name}`);
  return member.target;
};

describe("an account whose upgrade APIs are not opened", () => {
  it("reads an Autopilot upgrade from ShowCluster, says why, and changes no other cluster", async () => {
    const h = await demoWith({ "autopilot-fail": { upgradeApis: "notFound" } });
    const plain = await demoWith({});
    const r = await readAll(h, 10 * MIN);
    const ap = r.byName("autopilot-fail");
    expect(ap?.upgrade).toMatchObject({
      id: "cluster:6f3e2d4b-cce1-11ef-9a01-0255ac100002",
      phase: "running",
      rawPhase: "Upgrading",
      source: "cce-cluster",
      fromVersion: "v1.28.3-r0",
      createdAt: null,
      finishedAt: null,
      steps: [],
    });
    expect(ap?.degraded).toEqual({
      reason: "upgrade-api-unavailable",
      operation: "ListUpgradeClusterTasks",
      code: "APIG.0101",
      message: "The API does not exist or has not been published in the environment.",
    });
    const calls = h.sim.requests
      .filter((q) => q.clusterId === "6f3e2d4b-cce1-11ef-9a01-0255ac100002")
      .map((q) => [q.operation, q.status]);
    expect(calls).toEqual([
      ["ListUpgradeClusterTasks", 404],
      ["ShowCluster", 200],
    ]);

    const p = await readAll(plain, 10 * MIN);
    const others = (x: typeof r) => x.snapshots.filter((s) => s.cluster.name !== "autopilot-fail");
    expect(others(r)).toEqual(others(p));
    expect(r.failures).toEqual(p.failures);
  });

  it("reads no upgrade once ShowCluster is Available again, still saying why", async () => {
    const h = await demoWith({ "autopilot-fail": { upgradeApis: "notFound" } });
    const ap = (await readAll(h, 25 * MIN)).byName("autopilot-fail");
    expect(ap?.upgrade).toBeNull();
    expect(ap?.degraded?.operation).toBe("ListUpgradeClusterTasks");
  });

  it("reads a CCE cluster whose upgrade calls answer 403 (not the key's refusal) the same way", async () => {
    const h = await demoWith({ "cce-success": { upgradeApis: "forbidden" } });
    h.at(10 * MIN);
    const s = await readCceSnapshot(target(h, "cce-success"), demoRead(h));
    expect(s.upgrade).toMatchObject({ phase: "running", source: "cce-cluster" });
    expect(s.degraded).toMatchObject({
      operation: "ListUpgradeClusterTasks",
      code: "CCE.01403001",
    });
    expect(cancellable({ ...(s.upgrade as NonNullable<typeof s.upgrade>), phase: "failed" })).toBe(
      false,
    );
  });

  it("keeps the task, without its steps, when only the workflow calls are refused", async () => {
    const h = await demoWith({ "autopilot-fail": { upgradeApis: "noWorkflows" } });
    const ap = (await readAll(h, 18 * MIN)).byName("autopilot-fail");
    expect(ap?.upgrade).toMatchObject({
      phase: "failed",
      source: "cce-task",
      steps: [],
      workflowId: null,
    });
    expect(ap?.degraded).toMatchObject({ operation: "ListUpgradeWorkFlows", code: "APIG.0101" });
    expect(ap?.upgrade && cancellable(ap.upgrade)).toBe(false);
  });

  it("still fails a refused key after exactly one request, never asking ShowCluster", async () => {
    const h = await demoWith({ "cce-bad-credentials": { upgradeApis: "notFound" } });
    const r = await readAll(h, 10 * MIN);
    expect(r.failures).toHaveLength(1);
    expect(r.failures[0]).toMatchObject({ kind: "auth", status: 401, code: "APIG.0301" });
    expect(h.sim.requests.filter((q) => q.ak === "DEMOREVOKEDAK00000001")).toHaveLength(1);
  });
});

describe("lists as null or as one object, and an undocumented phase", () => {
  it("reads compact lists exactly as the documented arrays", async () => {
    const compact = await demoWith({
      "cce-success": { lists: "compact" },
      "autopilot-fail": { lists: "compact" },
    });
    const plain = await demoWith({});
    for (const at of [0, 14.5 * MIN, 18 * MIN]) {
      const a = await readAll(compact, at);
      const b = await readAll(plain, at);
      for (const name of ["cce-success", "autopilot-fail"]) {
        expect(a.byName(name)).toEqual(b.byName(name));
      }
    }
    // The simulator did play the compact forms the reads above went through.
    compact.at(0);
    const none = await compact.cce(
      "cce-success",
      "ListUpgradeClusterTasks",
      "GET",
      "/operation/upgrade/tasks",
    );
    expect((none.body as { items: unknown }).items).toBeNull();
    compact.at(14.5 * MIN);
    const one = await compact.cce(
      "cce-success",
      "ListUpgradeClusterTasks",
      "GET",
      "/operation/upgrade/tasks",
    );
    expect(Array.isArray((one.body as { items: unknown }).items)).toBe(false);
    expect((one.body as { items: { kind: string } }).items.kind).toBe("UpgradeTask");
  });

  it("reads an undocumented task phase as unknown and keeps the step's raw status", async () => {
    const h = await demoWith({ "cce-stall": { undocumentedPhase: "Rollbacking" } });
    const stall = (await readAll(h, 10 * MIN)).byName("cce-stall");
    expect(stall?.upgrade).toMatchObject({ phase: "unknown", rawPhase: "Rollbacking" });
    expect(stall?.upgrade?.steps.find((s) => s.name === "Cluster")?.status).toBe("Rollbacking");
  });
});

describe("a cancel's time, when the workflow's updateTimestamp does not move (seed 001)", () => {
  async function cancelAndRead(workflowUpdated: CceVariety["workflowUpdated"]) {
    const h = await demoWith({ "autopilot-fail": { workflowUpdated } });
    h.at(20 * MIN);
    const wf = (await h.cce(
      "autopilot-fail",
      "ListUpgradeWorkFlows",
      "GET",
      "/operation/upgradeworkflows",
    )) as { body: { items: { metadata: { uid: string } }[] } };
    const id = wf.body.items[0]?.metadata.uid;
    await h.cce(
      "autopilot-fail",
      "UpgradeWorkFlowUpdate",
      "PATCH",
      `/operation/upgradeworkflows/${id}`,
      {
        status: { phase: "Cancel" },
      },
    );
    return (await readAll(h, 21 * MIN)).byName("autopilot-fail")?.upgrade;
  }
  const iso = (ms: number) => new Date(Date.parse("2025-01-15T02:00:00Z") + ms).toISOString();

  it("dates it no earlier than the failure it cancelled", async () => {
    const seedLike = await cancelAndRead("stepStart");
    expect(seedLike).toMatchObject({ phase: "cancelled", finishedAt: iso(17 * MIN) });
    const moving = await cancelAndRead("everyChange");
    expect(moving).toMatchObject({ phase: "cancelled", finishedAt: iso(20 * MIN) });
  });
});
