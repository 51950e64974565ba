import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadScenario } from "../../infra/local/simulator/loadScenario.ts";
import { judgeRun } from "../../shared/decide/judgeRun.ts";
import { windowFor } from "../../shared/decide/windowFor.ts";
import { upgradesOf } from "../../shared/eta/expectation.ts";
import type { EventOf } from "../../shared/events/shepherdEvent.ts";
import { buildLedger } from "../../shared/ledger/buildLedger.ts";
import { readFleet } from "../../shared/poll/readFleet.ts";
import { POLICY } from "../decide/fixtures.ts";
import { demoFleet, type Harness, MIN, startDemo } from "../helpers/demo-harness.ts";

/**
 * The real signed client reads the simulator's history scenario over 127.0.0.1: the ledger and
 * the ETA come from what the task lists already hold, with no request beyond the usual read.
 */
describe("the ledger and the ETA from the simulator's history", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startDemo({ scenario: await loadScenario("history") });
  });
  afterAll(async () => h.sim.close());

  const read = async () => {
    const fleet = demoFleet(h);
    const before = h.sim.requests.length;
    const result = await readFleet(fleet, { client: h.client, now: () => h.clock.now() });
    return { ...result, requests: h.sim.requests.slice(before).map((r) => r.operation) };
  };

  it("lists every past upgrade with versions, times, outcome, duration and steps", async () => {
    h.at(10 * MIN);
    const { snapshots, failures, requests } = await read();
    expect(failures).toEqual([]);
    const ledger = buildLedger(
      snapshots.map((s) => ({ cluster: s.cluster, upgrades: upgradesOf(s) })),
    );
    const row = (name: string) =>
      ledger
        .filter((e) => e.cluster.name === name)
        .map((e) => [
          e.fromVersion,
          e.toVersion,
          e.outcome,
          e.durationMs === null ? null : e.durationMs / MIN,
        ]);
    expect(row("cce-history")).toEqual([
      ["v1.28.3-r0", "v1.29.1-r0", "running", null],
      ["v1.27.3-r10", "v1.28.3-r0", "succeeded", 21],
      ["v1.27.3-r10", "v1.28.3-r0", "failed", 19],
      ["v1.25.6-r0", "v1.27.3-r10", "succeeded", 23],
      ["v1.23.11-r0", "v1.25.6-r0", "succeeded", 22],
    ]);
    // ACK's task list has no versions or stages for an old task; its times and outcome it has.
    expect(row("ack-history")).toEqual([
      ["1.30.1-aliyun.1", "1.31.1-aliyun.1", "running", null],
      [null, null, "cancelled", 3],
      [null, null, "succeeded", 18],
      [null, null, "succeeded", 16],
      [null, null, "succeeded", 20],
    ]);
    expect(row("autopilot-history")).toEqual([["v1.27.3-r10", "v1.28.3-r0", "cancelled", 12]]);
    const cancelled = ledger.find((e) => e.cluster.name === "autopilot-history");
    expect(cancelled?.actions.map((a) => a.action)).toEqual(["cancel"]);
    const past = ledger.find((e) => e.cluster.name === "cce-history" && e.outcome === "failed");
    expect(past?.steps.map((s) => [s.name, s.status])).toEqual([
      ["PreCheck", "Success"],
      ["Snapshot", "Success"],
      ["Cluster", "Failed"],
      ["PostCheck", null],
    ]);
    // The usual reads and nothing more: CCE two lists, ACK the list, the task and GetUpgradeStatus.
    expect(requests.filter((o) => o === "DescribeTaskInfo")).toHaveLength(1);
    expect(requests.filter((o) => o === "ListUpgradeClusterTasks")).toHaveLength(2);
  });

  /** The Upgrade Started events of a run at `tMin` whose read happened at `readMin`. */
  async function startedEvents(readMin: number, tMin: number) {
    h.at(readMin * MIN);
    const { snapshots } = await read();
    const t = new Date(Date.parse(h.scenario.start) + tMin * MIN);
    const window = windowFor(t, POLICY.intervalMs, POLICY.lagMs);
    const events = judgeRun(
      {
        clusters: snapshots.map((s) => ({
          cluster: s.cluster,
          credentialSet: "k",
          window,
          policy: POLICY,
        })),
        window,
        attempt: 1,
        retriesLeft: 0,
        shard: null,
        carriedDue: 0,
      },
      { snapshots, failures: [] },
    );
    return events.filter(
      (e): e is EventOf<"Upgrade Started"> => e.detailType === "Upgrade Started",
    );
  }

  it("Upgrade Started carries an ETA from the cluster's own past", async () => {
    // ACK's task is created at t+1m: announced by the run at t+5m, judged at its window's end (t+3m).
    const ack = (await startedEvents(4, 5)).find((e) => e.detail.cluster.name === "ack-history");
    expect(ack?.detail.eta).toMatchObject({
      basis: "cluster",
      samples: 3,
      usualTotalMs: 18 * MIN,
      elapsedMs: 2 * MIN,
      remainingMs: 16 * MIN,
    });
    // CCE's task is created after precheck and snapshot (t+6m): the run at t+10m (window end t+8m).
    const cce = (await startedEvents(9, 10)).find((e) => e.detail.cluster.name === "cce-history");
    // Usually 22m (22, 23 and 21; the failure is no sample), per step where the steps are known.
    expect(cce?.detail.eta).toMatchObject({ basis: "cluster", samples: 3, usualTotalMs: 22 * MIN });
    expect(cce?.detail.eta?.step?.name).toBe("Cluster");
  });
});
