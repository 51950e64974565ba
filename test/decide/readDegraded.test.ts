import { describe, expect, it } from "vitest";
import { judgeCancel } from "../../shared/actions/judgeCancel.ts";
import { judgePostcheck } from "../../shared/actions/judgePostcheck.ts";
import { judgeResume } from "../../shared/actions/judgeResume.ts";
import { decide } from "../../shared/decide/decide.ts";
import { judgeRun } from "../../shared/decide/judgeRun.ts";
import { windowFor } from "../../shared/decide/windowFor.ts";
import type { EventOf, ShepherdEvent } from "../../shared/events/shepherdEvent.ts";
import type { ClusterRef } from "../../shared/model/cluster.ts";
import type { ReadDegradation, Upgrade, UpgradeSnapshot } from "../../shared/model/snapshot.ts";
import {
  ACK,
  ackUpgrade,
  CCE,
  cceUpgrade,
  HOUR,
  iso,
  legacyUpgrade,
  MIN,
  POLICY,
  parsed,
  SEC,
  snapshot,
  steps,
  T0,
  types,
} from "../helpers/upgrades.ts";
import { plan, planned } from "./runFixtures.ts";

/** W at T0 = (09:53, 09:58]; T0 is the first run of its hour bucket, T0 + 5 min is not. */
const IN_W0 = T0 - 4 * MIN;
const NOT_FIRST = T0 + 5 * MIN;

/** What the CCE reader records when the task or workflow calls are refused (API.md). */
const REFUSED: ReadDegradation = {
  reason: "upgrade-api-unavailable",
  operation: "ListUpgradeClusterTasks",
  code: "CCE.01403001",
  message: "Forbidden: the cluster upgrade API is not enabled for this account",
};

/** ShowCluster alone: status.phase `Upgrading`, spec.version, and no times, steps or task. */
const fromShowCluster = (overrides: Partial<Upgrade> = {}): Upgrade => ({
  id: `cce-cluster:${CCE.clusterId}`,
  phase: "running",
  rawPhase: "Upgrading",
  progress: null,
  fromVersion: "v1.28.5-r0",
  toVersion: null,
  createdAt: null,
  finishedAt: null,
  updatedAt: null,
  steps: [],
  message: null,
  source: "cce-cluster",
  workflowId: null,
  workflowPhase: null,
  ...overrides,
});

function run(s: UpgradeSnapshot, T = T0): ShepherdEvent[] {
  return parsed(decide(s, windowFor(new Date(T), 5 * MIN, 2 * MIN), POLICY));
}

const degraded = (
  cluster: ClusterRef,
  upgrade: Upgrade | null,
  d: ReadDegradation = REFUSED,
): UpgradeSnapshot => ({ ...snapshot(cluster, upgrade), degraded: d });

const readDegradedOf = (events: ShepherdEvent[]) =>
  events.filter((e): e is EventOf<"Read Degraded"> => e.detailType === "Read Degraded");

/** An undocumented phase with every timestamp an edge or a due rule could act on, in W0. */
const unknownWithEverything = (base: (o: Partial<Upgrade>) => Upgrade, rawPhase: string) =>
  base({
    phase: "unknown",
    rawPhase,
    createdAt: iso(IN_W0 - 30 * SEC),
    finishedAt: iso(IN_W0),
    updatedAt: iso(IN_W0),
    steps: steps({
      PreCheck: { status: "Success", finishedAt: iso(IN_W0 - 20 * MIN) },
      Cluster: { status: "Failed", finishedAt: iso(IN_W0) },
    }),
    workflowId: base({}).workflowId,
    workflowPhase: base({}).workflowId ? "Pending" : null,
  });

describe("Read Degraded: an undocumented phase", () => {
  it("is announced once in the first run of the bucket, warning, naming the raw value and its source", () => {
    const u = cceUpgrade({ phase: "unknown", rawPhase: "Rollback", workflowPhase: "Running" });
    const [e, ...rest] = readDegradedOf(run(snapshot(CCE, u)));
    expect(rest).toEqual([]);
    expect(e?.detail.severity).toBe("warning");
    expect(e?.detail.degradation).toEqual({
      reason: "unknown-state",
      rawPhase: "Rollback",
      workflowPhase: "Running",
      source: "cce-task",
    });
    expect(e?.detail.trigger).toEqual({
      kind: "repeat",
      bucketStart: "2025-03-01T10:00:00.000Z",
      repeatMs: HOUR,
    });
    expect(e?.detail.cluster).toEqual(CCE);
    expect(e?.detail.upgrade).toEqual(u);
    expect(run(snapshot(CCE, u), NOT_FIRST)).toEqual([]);
    expect(types(run(snapshot(CCE, u), T0 + HOUR))).toEqual(["Read Degraded"]);
  });

  it("keeps one id within a bucket (a retried run agrees) and a new one per bucket", () => {
    const u = ackUpgrade({ phase: "unknown", rawPhase: "rolling_back" });
    const first = readDegradedOf(run(snapshot(ACK, u)))[0]?.detail.id;
    const retried = readDegradedOf(run(snapshot(ACK, u, T0 + 40_000)))[0]?.detail.id;
    const next = readDegradedOf(run(snapshot(ACK, u), T0 + HOUR))[0]?.detail.id;
    expect(first).toMatch(/^[0-9a-f]{32}$/);
    expect(retried).toBe(first);
    expect(next).not.toBe(first);
  });

  it("yields no lifecycle edge and no action, whatever its times, steps and workflow say", () => {
    const cases: [ClusterRef, Upgrade][] = [
      [CCE, unknownWithEverything(cceUpgrade, "Rollback")],
      [ACK, unknownWithEverything(ackUpgrade, "rolling_back")],
      [ACK, legacyUpgrade({ phase: "unknown", rawPhase: "rollback/rollback" })],
    ];
    for (const [cluster, u] of cases) {
      for (const T of [T0, NOT_FIRST, T0 + 3 * HOUR]) {
        const events = run(snapshot(cluster, u), T);
        const first = T !== NOT_FIRST;
        expect(types(events), `${u.source} at ${iso(T)}`).toEqual(first ? ["Read Degraded"] : []);
      }
    }
  });

  it("does not count towards the blast radius, and no cluster's Cancel Due changes because of it", () => {
    const failed = cceUpgrade({
      phase: "failed",
      rawPhase: "Failed",
      finishedAt: iso(IN_W0),
      workflowPhase: "Pending",
      steps: steps({ Cluster: { status: "Failed", finishedAt: iso(IN_W0) } }),
    });
    const other: ClusterRef = { ...CCE, clusterId: "other", name: "other" };
    const events = judgeRun(plan([planned(CCE), planned(other)]), {
      snapshots: [
        snapshot(CCE, failed),
        snapshot(other, unknownWithEverything(cceUpgrade, "Rollback")),
      ],
      failures: [],
    });
    const cancel = events.filter((e) => e.detailType === "Cancel Due");
    expect(cancel.map((e) => e.detail.cluster.clusterId)).toEqual([CCE.clusterId]);
    expect(cancel[0]?.detail).toMatchObject({ clustersDueForCancel: 1 });
  });

  it("is never acted on by the action functions' fresh-read judges", () => {
    const cases: Upgrade[] = [
      unknownWithEverything(cceUpgrade, "Rollback"),
      unknownWithEverything(ackUpgrade, "rolling_back"),
    ];
    for (const current of cases) {
      const due = (phase: Upgrade["phase"]) => ({ ...current, phase });
      expect(judgeCancel(due("failed"), current).act).toBe(false);
      expect(judgeResume(due("paused"), current).act).toBe(false);
      expect(judgePostcheck(due("succeeded"), current).act).toBe(false);
    }
  });
});

describe("Read Degraded: upgrade APIs refused (ShowCluster alone)", () => {
  it("names the refused operation, the cloud's code and message, even with no upgrade shown", () => {
    const events = run(degraded(CCE, null));
    expect(types(events)).toEqual(["Read Degraded"]);
    const [e] = readDegradedOf(events);
    expect(e?.detail.degradation).toEqual(REFUSED);
    expect(e?.detail.upgrade).toBeNull();
    expect(run(degraded(CCE, null), NOT_FIRST)).toEqual([]);
  });

  it("an upgrade read from ShowCluster is Started once per bucket, like the timestamp-less ACK form", () => {
    const s = degraded(CCE, fromShowCluster());
    expect(types(run(s))).toEqual(["Upgrade Started", "Read Degraded"]);
    const started = run(s).find((e) => e.detailType === "Upgrade Started");
    expect(started?.detail).toMatchObject({ trigger: { kind: "repeat" } });
    expect(run(s, NOT_FIRST)).toEqual([]);
  });

  it("never announces a success, a postcheck, a cancel or a resume without a task and a time", () => {
    const succeeded = degraded(CCE, fromShowCluster({ phase: "succeeded", rawPhase: "Available" }));
    expect(types(run(succeeded))).toEqual(["Read Degraded"]);
    const failed = degraded(CCE, fromShowCluster({ phase: "failed", rawPhase: "Error" }));
    expect(types(run(failed))).toEqual(["Upgrade Failed", "Read Degraded"]);
    expect(types(run(failed, NOT_FIRST))).toEqual([]);
    const paused = degraded(CCE, fromShowCluster({ phase: "paused", rawPhase: "Pause" }));
    expect(types(run(paused))).toEqual(["Upgrade Paused", "Read Degraded"]);
    expect(types(run(paused, NOT_FIRST))).toEqual([]);
  });

  it("says both reasons, with two ids, when ShowCluster itself shows an undocumented status", () => {
    const s = degraded(CCE, fromShowCluster({ phase: "unknown", rawPhase: "RollingBack" }));
    const events = readDegradedOf(run(s));
    expect(events.map((e) => e.detail.degradation.reason)).toEqual([
      "unknown-state",
      "upgrade-api-unavailable",
    ]);
    expect(new Set(events.map((e) => e.detail.id)).size).toBe(2);
    expect(events[0]?.detail.degradation).toMatchObject({
      rawPhase: "RollingBack",
      source: "cce-cluster",
    });
  });
});
