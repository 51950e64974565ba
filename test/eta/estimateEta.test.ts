import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type DurationSample, durationSamples } from "../../shared/eta/durationSample.ts";
import {
  DEFAULT_ETA_FLOOR_MS,
  type Eta,
  estimateEta,
  MIN_ETA_SAMPLES,
} from "../../shared/eta/estimateEta.ts";
import { expectationFor } from "../../shared/eta/expectation.ts";
import type { Upgrade } from "../../shared/model/snapshot.ts";
import { CCE, cceUpgrade, HOUR, iso, MIN, steps, T0 } from "../decide/fixtures.ts";

const past = (
  id: string,
  startMs: number,
  totalMin: number,
  stepMin: Record<string, number> = {},
) =>
  cceUpgrade({
    id,
    phase: "succeeded",
    rawPhase: "Success",
    createdAt: iso(startMs),
    finishedAt: iso(startMs + totalMin * MIN),
    steps: Object.entries(stepMin).reduce<Upgrade["steps"]>((acc, [name, min]) => {
      const start = acc.length === 0 ? startMs : Date.parse(acc.at(-1)?.finishedAt ?? "");
      acc.push({
        name,
        status: "Success",
        startedAt: iso(start),
        finishedAt: iso(start + min * MIN),
      });
      return acc;
    }, []),
  });

const running = (createdAgoMin: number, overrides: Partial<Upgrade> = {}) =>
  cceUpgrade({ id: "current", createdAt: iso(T0 - createdAgoMin * MIN), ...overrides });

describe("durationSamples", () => {
  it("keeps successes with both times, newest first, and only steps inside the upgrade", () => {
    const a = past("a", T0 - 10 * HOUR, 40, { PreCheck: 5, Cluster: 35 });
    const late = {
      ...a,
      steps: [
        ...a.steps,
        {
          name: "PostCheck",
          status: "Success",
          startedAt: iso(T0 - 9 * HOUR),
          finishedAt: iso(T0 - 8 * HOUR),
        },
      ],
    };
    const failed = { ...past("f", T0 - 5 * HOUR, 10), phase: "failed" as const };
    const noEnd = { ...past("n", T0 - 4 * HOUR, 10), finishedAt: null };
    const b = past("b", T0 - 2 * HOUR, 50);
    const samples = durationSamples([late, failed, noEnd, b]);
    expect(samples.map((s) => s.upgradeId)).toEqual(["b", "a"]);
    expect(samples[1]?.totalMs).toBe(40 * MIN);
    expect(samples[1]?.steps).toEqual([
      { name: "PreCheck", ms: 5 * MIN },
      { name: "Cluster", ms: 35 * MIN },
    ]);
  });
});

describe("estimateEta, by example", () => {
  const own = durationSamples([
    past("a", T0 - 72 * HOUR, 40),
    past("b", T0 - 48 * HOUR, 44),
    past("c", T0 - 24 * HOUR, 60),
  ]);

  it("takes the median of the cluster's own upgrades and subtracts the time run", () => {
    const eta = estimateEta(running(10), own, [], T0) as Eta;
    expect(eta.basis).toBe("cluster");
    expect(eta.samples).toBe(3);
    expect(eta.usualTotalMs).toBe(44 * MIN);
    expect(eta.remainingMs).toBe(34 * MIN);
    expect(eta.at).toBe(iso(T0 + 34 * MIN));
    expect(eta.overdue).toBe(false);
  });

  it("falls back to the fleet's upgrades for a cluster with no history", () => {
    const fleet = durationSamples([
      past("x", T0 - 5 * HOUR, 20),
      past("y", T0 - 6 * HOUR, 30),
      past("z", T0 - 7 * HOUR, 25),
    ]);
    const eta = estimateEta(running(5), [], fleet, T0) as Eta;
    expect(eta.basis).toBe("fleet");
    expect(eta.samples).toBe(3);
    expect(eta.usualTotalMs).toBe(25 * MIN);
    expect(eta.remainingMs).toBe(20 * MIN);
  });

  it("gives no estimate from fewer than 3 finished upgrades, and prefers a fleet that has them", () => {
    const two = durationSamples([past("a", T0 - 48 * HOUR, 40), past("b", T0 - 24 * HOUR, 60)]);
    expect(MIN_ETA_SAMPLES).toBe(3);
    expect(estimateEta(running(5), two, [], T0)).toBeNull();
    expect(estimateEta(running(5), two, two, T0)).toBeNull();
    // A failed upgrade is not a finished one: it does not make the history thick enough.
    const failed = durationSamples([{ ...past("f", T0 - 12 * HOUR, 5), phase: "failed" }]);
    expect(estimateEta(running(5), [...two, ...failed], [], T0)).toBeNull();
    expect(estimateEta(running(5), two, own, T0)).toMatchObject({ basis: "fleet", samples: 3 });
  });

  it("never expects less than the floor", () => {
    const quick = durationSamples([
      past("q", T0 - HOUR, 1),
      past("r", T0 - 2 * HOUR, 2),
      past("s", T0 - 3 * HOUR, 1),
    ]);
    const eta = estimateEta(running(0), quick, [], T0) as Eta;
    expect(eta.usualTotalMs).toBe(DEFAULT_ETA_FLOOR_MS);
    expect(eta.remainingMs).toBe(DEFAULT_ETA_FLOOR_MS);
  });

  it("is overdue, not in the past, once the upgrade runs longer than usual", () => {
    const eta = estimateEta(running(90), own, [], T0) as Eta;
    expect(eta.overdue).toBe(true);
    expect(eta.remainingMs).toBe(0);
    expect(eta.at).toBe(iso(T0));
  });

  it("per step: the rest of the current step plus the usual time of the steps not started", () => {
    const history = durationSamples([
      past("a", T0 - 48 * HOUR, 40, { PreCheck: 4, Snapshot: 6, Cluster: 30 }),
      past("b", T0 - 24 * HOUR, 50, { PreCheck: 6, Snapshot: 4, Cluster: 40 }),
      past("c", T0 - 12 * HOUR, 45, { PreCheck: 5, Snapshot: 5, Cluster: 35 }),
    ]);
    const upgrade = running(12, {
      steps: steps({
        PreCheck: {
          status: "Success",
          startedAt: iso(T0 - 12 * MIN),
          finishedAt: iso(T0 - 7 * MIN),
        },
        Snapshot: { status: "Running", startedAt: iso(T0 - 7 * MIN) },
      }),
    });
    const eta = estimateEta(upgrade, history, [], T0) as Eta;
    expect(eta.step).toEqual({
      name: "Snapshot",
      startedAt: iso(T0 - 7 * MIN),
      elapsedMs: 7 * MIN,
      usualMs: 5 * MIN,
    });
    // Snapshot is 2 minutes over its usual 5: nothing left of it, then Cluster's usual 35.
    expect(eta.remainingMs).toBe(35 * MIN);
    expect(eta.overdue).toBe(true);
  });

  it("gives no estimate for a paused or finished upgrade, or with no history at all", () => {
    expect(estimateEta(running(5, { phase: "paused" }), own, [], T0)).toBeNull();
    expect(estimateEta(running(5, { phase: "succeeded" }), own, [], T0)).toBeNull();
    expect(estimateEta(running(5), [], [], T0)).toBeNull();
    expect(estimateEta(running(5, { createdAt: null }), own, [], T0)).toBeNull();
  });

  it("does not learn from the upgrade it is estimating", () => {
    const self = durationSamples([past("current", T0 - HOUR, 3)]);
    expect(estimateEta(running(5), [...self, ...own.slice(0, 2)], [], T0)).toBeNull();
  });
});

const sampleArb: fc.Arbitrary<DurationSample> = fc.record({
  upgradeId: fc.uuid(),
  startedAt: fc.integer({ min: T0 - 400 * 24 * HOUR, max: T0 - 2 * 24 * HOUR }),
  totalMs: fc.integer({ min: 1 * MIN, max: 12 * HOUR }),
  steps: fc.constant([]),
});
const stepSampleArb = fc
  .tuple(sampleArb, fc.integer({ min: 0, max: 60 * MIN }), fc.integer({ min: 0, max: 3 * HOUR }))
  .map(([s, a, b]) => ({
    ...s,
    steps: [
      { name: "PreCheck", ms: a },
      { name: "Cluster", ms: b },
    ],
  }));
const anyHistoryArb = fc.array(fc.oneof(sampleArb, stepSampleArb), { maxLength: 12 });
const historyArb = fc.array(fc.oneof(sampleArb, stepSampleArb), {
  minLength: MIN_ETA_SAMPLES,
  maxLength: 12,
});
const upgradeArb = fc
  .record({
    ago: fc.integer({ min: 0, max: 24 * HOUR }),
    stepAgo: fc.option(fc.integer({ min: 0, max: 24 * HOUR })),
    phase: fc.constantFrom("pending", "prechecking", "running" as const),
  })
  .map(({ ago, stepAgo, phase }) =>
    running(ago / MIN, {
      phase: phase as Upgrade["phase"],
      steps:
        stepAgo === null
          ? []
          : steps({
              PreCheck: { status: "Success" },
              Cluster: { status: "Running", startedAt: iso(T0 - Math.min(stepAgo, ago)) },
            }),
    }),
  );

describe("estimateEta, properties", () => {
  it("is never negative, never before now, and its range holds it", () => {
    fc.assert(
      fc.property(
        upgradeArb,
        anyHistoryArb,
        anyHistoryArb,
        fc.boolean(),
        (u, own, fleet, useOwn) => {
          const eta = estimateEta(u, useOwn ? own : [], fleet, T0);
          if (eta === null) return;
          expect(eta.remainingMs).toBeGreaterThanOrEqual(0);
          expect(Date.parse(eta.at)).toBeGreaterThanOrEqual(T0);
          expect(Date.parse(eta.earliest)).toBeGreaterThanOrEqual(T0);
          expect(Date.parse(eta.earliest)).toBeLessThanOrEqual(Date.parse(eta.at));
          expect(Date.parse(eta.latest)).toBeGreaterThanOrEqual(Date.parse(eta.at));
          expect(eta.usualTotalMs).toBeGreaterThanOrEqual(DEFAULT_ETA_FLOOR_MS);
          expect(eta.remainingMs).toBeGreaterThanOrEqual(DEFAULT_ETA_FLOOR_MS - eta.elapsedMs);
        },
      ),
    );
  });

  it("moves monotonically with the clock: the finish never gets earlier, what is left never grows", () => {
    fc.assert(
      fc.property(
        upgradeArb,
        historyArb,
        fc.integer({ min: 0, max: 6 * HOUR }),
        fc.integer({ min: 0, max: 6 * HOUR }),
        (u, own, d1, d2) => {
          const a = estimateEta(u, own, [], T0 + Math.min(d1, d2)) as Eta;
          const b = estimateEta(u, own, [], T0 + Math.max(d1, d2)) as Eta;
          expect(Date.parse(b.at)).toBeGreaterThanOrEqual(Date.parse(a.at));
          expect(b.remainingMs).toBeLessThanOrEqual(a.remainingMs);
        },
      ),
    );
  });

  it("narrows with more of the same history (the history twice) and keeps its centre", () => {
    fc.assert(
      fc.property(
        upgradeArb,
        fc.array(sampleArb, { minLength: MIN_ETA_SAMPLES, maxLength: 5 }),
        (u, own) => {
          const once = estimateEta(u, own, [], T0) as Eta;
          const twice = estimateEta(
            u,
            [...own, ...own.map((s) => ({ ...s, upgradeId: `${s.upgradeId}-2` }))],
            [],
            T0,
          ) as Eta;
          const width = (e: Eta) => Date.parse(e.latest) - Date.parse(e.earliest);
          expect(twice.at).toBe(once.at);
          expect(width(twice)).toBeLessThanOrEqual(width(once));
        },
      ),
    );
  });

  it("does not widen when a new upgrade takes exactly the usual time", () => {
    fc.assert(
      fc.property(
        upgradeArb,
        fc.array(sampleArb, { minLength: MIN_ETA_SAMPLES, maxLength: 9 }),
        (u, own) => {
          const before = estimateEta(u, own, [], T0) as Eta;
          const usual = {
            ...(own[0] as DurationSample),
            upgradeId: "usual",
            totalMs: before.usualTotalMs,
          };
          // Only when the floor did not lift the usual total is it the median of the samples.
          fc.pre(before.usualTotalMs > DEFAULT_ETA_FLOOR_MS);
          const after = estimateEta(u, [usual, ...own], [], T0) as Eta;
          const width = (e: Eta) => Date.parse(e.latest) - Date.parse(e.earliest);
          expect(width(after)).toBeLessThanOrEqual(width(before) + 1);
        },
      ),
    );
  });

  it("prefers the cluster's own past to the fleet's whenever it has enough of it", () => {
    fc.assert(
      fc.property(upgradeArb, historyArb, historyArb, (u, own, fleet) => {
        const eta = estimateEta(u, own, fleet, T0) as Eta;
        expect(eta.basis).toBe("cluster");
        expect(eta.usualTotalMs).toBe(estimateEta(u, own, [], T0)?.usualTotalMs);
        expect(eta.samples).toBe(Math.min(own.length, 10));
      }),
    );
  });

  it("estimates only from at least 3 finished upgrades: its own, else the fleet's, else none", () => {
    fc.assert(
      fc.property(upgradeArb, anyHistoryArb, anyHistoryArb, (u, own, fleet) => {
        const eta = estimateEta(u, own, fleet, T0);
        if (own.length >= MIN_ETA_SAMPLES) expect(eta?.basis).toBe("cluster");
        else if (fleet.length >= MIN_ETA_SAMPLES) expect(eta?.basis).toBe("fleet");
        else expect(eta).toBeNull();
        if (eta) expect(eta.samples).toBeGreaterThanOrEqual(MIN_ETA_SAMPLES);
      }),
    );
  });
});

describe("expectationFor, properties", () => {
  /** The cluster's own past: successes (and some failures) with PreCheck and Cluster steps, or none. */
  const ownArb = fc.array(
    fc.record({
      daysAgo: fc.integer({ min: 2, max: 400 }),
      pre: fc.integer({ min: 1, max: 20 }),
      cluster: fc.integer({ min: 1, max: 180 }),
      withSteps: fc.boolean(),
      failed: fc.boolean(),
    }),
    { maxLength: 8 },
  );
  type Own = typeof ownArb extends fc.Arbitrary<infer T> ? T : never;
  const toHistory = (rows: Own) =>
    rows.map((r, i) => {
      const u = past(
        `own-${i}`,
        T0 - r.daysAgo * 24 * HOUR,
        r.pre + r.cluster,
        r.withSteps ? { PreCheck: r.pre, Cluster: r.cluster } : {},
      );
      return r.failed ? { ...u, phase: "failed" as const } : u;
    });

  it("judges the auto stall by the cluster's own past alone: no fleet moves its onset", () => {
    fc.assert(
      fc.property(upgradeArb, ownArb, historyArb, (u, rows, fleet) => {
        const snapshot = { cluster: CCE, readAt: iso(T0), upgrade: u, history: toHistory(rows) };
        const alone = expectationFor(snapshot, new Map(), T0);
        const withFleet = expectationFor(snapshot, new Map([["cce", fleet]]), T0);
        expect(withFleet.stall).toEqual(alone.stall);
        // The ETA may rest on the fleet; the stall never does, and needs 3 successes of its own.
        const successes = rows.filter((r) => !r.failed).length;
        if (successes < MIN_ETA_SAMPLES) expect(alone.stall).toBeNull();
        else expect(alone.stall).not.toBeNull();
      }),
    );
  });
});
