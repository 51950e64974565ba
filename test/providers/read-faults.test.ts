import { afterEach, describe, expect, it } from "vitest";
import { loadScenario } from "../../infra/local/simulator/loadScenario.ts";
import type { Fault } from "../../infra/local/simulator/scenarioSchema.ts";
import { readFleet } from "../../shared/poll/readFleet.ts";
import { demoFleet, demoRead, type Harness, MIN, startDemo } from "../helpers/demo-harness.ts";

// Faults injected by the simulator, read through the real adapters and client: each ends in
// the right snapshot or a typed failure, and no cluster is lost.
let h: Harness | undefined;
afterEach(async () => {
  await h?.sim.close();
  h = undefined;
});

async function readWith(faults: Partial<Fault>[]) {
  const demo = await loadScenario("demo");
  h = await startDemo({
    scenario: {
      ...demo,
      faults: faults.map((f) => ({ latencyMs: 0, retryAfterSeconds: 1, ...f }) as Fault),
    },
  });
  h.at(18 * MIN);
  const result = await readFleet(demoFleet(h), demoRead(h));
  const all = [
    ...result.snapshots.map((s) => s.cluster.name),
    ...result.failures.map((f) => f.cluster.name),
  ];
  expect(all.sort()).toEqual(h.scenario.clusters.map((c) => c.name).sort());
  const failure = (name: string) => result.failures.find((f) => f.cluster.name === name);
  const snapshot = (name: string) => result.snapshots.find((s) => s.cluster.name === name);
  return { result, failure, snapshot };
}

const autopilot = "6f3e2d4b-cce1-11ef-9a01-0255ac100002";
const ackPause = "c8a1f0e2d3b4c5a6978e1d2c3b4a5f601";

describe("reading under injected faults", () => {
  it("rides out a 429 with Retry-After and a 5xx on reads", async () => {
    const r = await readWith([
      { kind: "throttle", clusterId: autopilot, count: 1 },
      { kind: "serverError", status: 503, clusterId: ackPause, count: 1 },
    ]);
    expect(r.result.failures.map((f) => f.cluster.name)).toEqual(["cce-bad-credentials"]);
    expect(r.snapshot("autopilot-fail")?.upgrade?.phase).toBe("failed");
    expect(r.snapshot("ack-pause")?.upgrade?.phase).toBe("paused");
  });

  it("reports a 5xx that outlasts the retries as a server failure for that cluster only", async () => {
    const r = await readWith([{ kind: "serverError", status: 500, clusterId: autopilot }]);
    expect(r.failure("autopilot-fail")).toMatchObject({ kind: "server", status: 500, attempts: 4 });
    expect(r.snapshot("cce-success")?.upgrade).not.toBeNull();
  });

  it("turns a malformed body into a parse failure carrying the raw body", async () => {
    const r = await readWith([
      { kind: "malformed", clusterId: autopilot, operation: "ListUpgradeClusterTasks" },
    ]);
    const f = r.failure("autopilot-fail");
    expect(f?.kind).toBe("parse");
    expect(f?.rawBody).toMatch(/^\{/);
    expect(f?.rawBody?.length).toBeGreaterThan(0);
  });

  it("turns a response missing its status fields into a parse failure naming the field", async () => {
    const r = await readWith([
      { kind: "missingFields", clusterId: ackPause, operation: "DescribeTaskInfo" },
    ]);
    const f = r.failure("ack-pause");
    expect(f).toMatchObject({ kind: "parse", operation: "DescribeTaskInfo" });
    expect(f?.message).toMatch(/state/);
    expect(f?.rawBody).toContain("task_id");
  });

  it("reports a connection reset as a network failure", async () => {
    const r = await readWith([{ kind: "reset", clusterId: autopilot }]);
    expect(r.failure("autopilot-fail")?.kind).toBe("network");
  });
});
