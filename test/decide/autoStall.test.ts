import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decide } from "../../shared/decide/decide.ts";
import { judgeRun } from "../../shared/decide/judgeRun.ts";
import type { DecidePolicy } from "../../shared/decide/policy.ts";
import { windowFor } from "../../shared/decide/windowFor.ts";
import { durationSamples } from "../../shared/eta/durationSample.ts";
import { expectationFor, fleetSamples } from "../../shared/eta/expectation.ts";
import type { EventOf } from "../../shared/events/shepherdEvent.ts";
import type { Upgrade } from "../../shared/model/snapshot.ts";
import {
  CCE,
  cceUpgrade,
  HOUR,
  iso,
  MIN,
  POLICY,
  parsed,
  pastCceUpgrade,
  steps,
  T0,
} from "../helpers/upgrades.ts";
import { plan, planned } from "./runFixtures.ts";

const AUTO: DecidePolicy = { ...POLICY, stallAfter: "auto" };
const window = (t: number) => windowFor(new Date(t), AUTO.pollInterval, AUTO.lag);

const HISTORY = [
  pastCceUpgrade("a", 30, 20),
  pastCceUpgrade("b", 20, 25),
  pastCceUpgrade("c", 10, 30),
];

/** The current upgrade, in its Cluster step since `clusterSince`, updated a minute before T0. */
const running = (clusterSince: number) =>
  cceUpgrade({
    id: "now",
    createdAt: iso(clusterSince - 9 * MIN),
    updatedAt: iso(T0 - MIN),
    steps: steps({
      PreCheck: {
        status: "Success",
        startedAt: iso(clusterSince - 9 * MIN),
        finishedAt: iso(clusterSince - 5 * MIN),
      },
      Snapshot: {
        status: "Success",
        startedAt: iso(clusterSince - 5 * MIN),
        finishedAt: iso(clusterSince),
      },
      Cluster: { status: "Running", startedAt: iso(clusterSince) },
    }),
  });

const snap = (u: Upgrade, history = HISTORY) => ({
  cluster: CCE,
  readAt: iso(T0),
  upgrade: u,
  history,
});

function decideAt(t: number, u: Upgrade, policy = AUTO, history = HISTORY) {
  const s = snap(u, history);
  const w = window(t);
  return parsed(decide(s, w, policy, expectationFor(s, fleetSamples([s]), Date.parse(w.end))));
}

const stallOf = (events: ReturnType<typeof decideAt>) =>
  events.find((e): e is EventOf<"Upgrade Stalled"> => e.detailType === "Upgrade Stalled");

describe("stallAfter: auto", () => {
  // The Cluster step usually takes 25 minutes, so twice that is 50; the floor (30m) is lower.
  const clusterSince = T0 - 2 * MIN - 50 * MIN - 30_000;

  it("announces a stall once the current step runs past twice its usual time, naming the step", () => {
    const stall = stallOf(decideAt(T0, running(clusterSince)));
    expect(stall?.detail.trigger).toEqual({
      kind: "transition",
      at: iso(clusterSince + 50 * MIN),
      from: "stallOnset",
    });
    expect(stall?.detail.stall).toMatchObject({
      judgedBy: "usual",
      step: "Cluster",
      usualMs: 25 * MIN,
      thresholdMs: 50 * MIN,
      runningForMs: 50 * MIN + 30_000,
    });
    expect(stall?.detail.eta).toMatchObject({ basis: "cluster", samples: 3, overdue: true });
  });

  it("does not call it stalled before then, though the fixed rule would have after 30m of silence", () => {
    const early = T0 - 10 * MIN;
    expect(stallOf(decideAt(T0, running(early)))).toBeUndefined();
    const fixed = { ...POLICY, stallAfter: 5 * MIN };
    const silent = { ...running(early), updatedAt: iso(early) };
    expect(stallOf(decideAt(T0, silent, fixed))?.detail.stall.judgedBy).toBeUndefined();
  });

  it("falls back to the fixed silence (3h) when neither the cluster nor the fleet has history", () => {
    const silent = { ...running(T0 - 4 * HOUR), updatedAt: iso(T0 - 4 * HOUR) };
    const stall = stallOf(decideAt(T0, silent, AUTO, []));
    expect(stall?.detail.stall).toMatchObject({ judgedBy: "silence", thresholdMs: 3 * HOUR });
    expect(stall?.detail.eta).toBeUndefined();
  });

  it("announces the onset as an edge in exactly one run of consecutive windows", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4 * HOUR }), (offset) => {
        const since = T0 - 4 * HOUR + offset;
        const edges = Array.from({ length: 60 }, (_, i) => T0 + i * 5 * MIN).filter(
          (t) => stallOf(decideAt(t, running(since)))?.detail.trigger.kind === "transition",
        );
        const onset = since + 50 * MIN;
        const covered =
          onset > Date.parse(window(T0).start) &&
          onset <= Date.parse(window(T0 + 59 * 5 * MIN).end);
        expect(edges.length).toBe(covered ? 1 : 0);
      }),
    );
  });
});

describe("ETA in messages about a running upgrade", () => {
  it("Upgrade Started carries the ETA, computed at the window's end, the same on a retried run", () => {
    const u = cceUpgrade({ id: "now", createdAt: iso(T0 - 4 * MIN), steps: [] });
    const s = snap(u);
    const events = judgeRun(plan([{ ...planned(CCE), window: window(T0), policy: AUTO }]), {
      snapshots: [s],
      failures: [],
    });
    const again = judgeRun(plan([{ ...planned(CCE), window: window(T0), policy: AUTO }]), {
      snapshots: [s],
      failures: [],
    });
    const started = events.find(
      (e): e is EventOf<"Upgrade Started"> => e.detailType === "Upgrade Started",
    );
    // Created 4 minutes before T0, judged at the window's end (T0 - 2m): 2 minutes in, usually 34.
    expect(started?.detail.eta).toMatchObject({
      basis: "cluster",
      usualTotalMs: 34 * MIN,
      remainingMs: 32 * MIN,
      at: iso(T0 + 30 * MIN),
    });
    expect(again).toEqual(events);
    expect(durationSamples(HISTORY)).toHaveLength(3);
  });

  it("a cluster with too little history of its own gets the fleet's ETA from the same run", () => {
    const other = { ...CCE, clusterId: "other" };
    const fresh = {
      cluster: other,
      readAt: iso(T0),
      upgrade: cceUpgrade({ id: "new", createdAt: iso(T0 - 4 * MIN), steps: [] }),
      history: [pastCceUpgrade("once", 5, 60)],
    };
    // The fleet: CCE's history (3 upgrades) and its last one, plus the other's single one.
    const events = judgeRun(plan([planned(CCE), planned(other)]), {
      snapshots: [snap(pastCceUpgrade("done", 1, 20)), fresh],
      failures: [],
    });
    const started = events.find(
      (e): e is EventOf<"Upgrade Started"> =>
        e.detailType === "Upgrade Started" && e.detail.cluster.clusterId === "other",
    );
    // Totals 29, 34, 39, 29 and 69 minutes: the median is 34.
    expect(started?.detail.eta).toMatchObject({
      basis: "fleet",
      samples: 5,
      usualTotalMs: 34 * MIN,
    });
  });

  it("gives no ETA when neither the cluster nor the run's fleet has 3 finished upgrades", () => {
    const thin = [pastCceUpgrade("a", 20, 25), pastCceUpgrade("b", 10, 30)];
    const u = cceUpgrade({ id: "now", createdAt: iso(T0 - 4 * MIN), steps: [] });
    const events = judgeRun(plan([{ ...planned(CCE), window: window(T0), policy: AUTO }]), {
      snapshots: [snap(u, thin)],
      failures: [],
    });
    const started = events.find(
      (e): e is EventOf<"Upgrade Started"> => e.detailType === "Upgrade Started",
    );
    expect(started).toBeDefined();
    expect(started?.detail.eta).toBeUndefined();
  });
});

describe("auto stalls are judged by the cluster's own history only", () => {
  /** A past success with no steps reported, `totalMin` long. */
  const plain = (id: string, daysAgo: number, totalMin: number) =>
    cceUpgrade({
      id,
      phase: "succeeded",
      rawPhase: "Success",
      createdAt: iso(T0 - daysAgo * 24 * HOUR),
      finishedAt: iso(T0 - daysAgo * 24 * HOUR + totalMin * MIN),
      steps: [],
    });
  const own = [plain("x", 30, 40), plain("y", 20, 40), plain("z", 10, 40)];
  const other = { ...CCE, clusterId: "other" };
  // Another cluster whose Cluster step usually takes 20-30 minutes.
  const neighbour = { cluster: other, readAt: iso(T0), upgrade: null, history: HISTORY };

  it("does not take a step's usual time from the fleet, nor move with the fleet", () => {
    const u = running(T0 - 70 * MIN);
    const alone = expectationFor(snap(u, own), fleetSamples([snap(u, own)]), T0);
    const withFleet = expectationFor(snap(u, own), fleetSamples([snap(u, own), neighbour]), T0);
    // Own history has no steps: judged on the whole upgrade, twice its usual 40 minutes.
    expect(alone.stall).toMatchObject({ step: null, usualMs: 40 * MIN, thresholdMs: 80 * MIN });
    expect(withFleet.stall).toEqual(alone.stall);
    // The ETA, by contrast, may use the fleet's time for the step its own history lacks.
    expect(withFleet.eta?.step?.usualMs).toBe(25 * MIN);
  });

  it("falls back to silence for a cluster with too little history, whatever the fleet has", () => {
    const silent = { ...running(T0 - 4 * HOUR), updatedAt: iso(T0 - 4 * HOUR) };
    const s = snap(silent, own.slice(0, 2));
    const w = window(T0);
    const expectation = expectationFor(s, fleetSamples([s, neighbour]), Date.parse(w.end));
    expect(expectation.eta?.basis).toBe("fleet");
    const stall = stallOf(parsed(decide(s, w, AUTO, expectation)));
    expect(stall?.detail.stall).toMatchObject({ judgedBy: "silence", thresholdMs: 3 * HOUR });
  });
});
