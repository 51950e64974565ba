import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { judgeRun, type RunPlan } from "../../shared/decide/judgeRun.ts";
import type { DecidePolicy } from "../../shared/decide/policy.ts";
import { windowFor } from "../../shared/decide/windowFor.ts";
import type { ShepherdEvent } from "../../shared/events/shepherdEvent.ts";
import type { Failure } from "../../shared/model/failure.ts";
import type { Phase } from "../../shared/model/snapshot.ts";
import { ACK, AUTOPILOT, CCE, HOUR, MIN, POLICY, parsed, SEC, T0 } from "./fixtures.ts";
import {
  isActive,
  lastChange,
  materialize,
  snapshotAt,
  stateAt,
  type Timeline,
  transitions,
  type UpgradeSpec,
} from "./providerModel.ts";

const INTERVAL = 5 * MIN;
/** How late after T the poller may read (Lambda start-up, the call itself). */
const MAX_LATE = 20 * SEC;

interface Scenario {
  timeline: Timeline;
  policy: DecidePolicy;
  /** Read offsets from T, per run (cycled): in [-lag, MAX_LATE], i.e. write delay within the lag. */
  delays: number[];
  retryDelays: number[];
  /** Runs whose every read attempt failed (cycled). */
  failed: boolean[];
}

/**
 * States last longer than interval + lag + the read's lateness: the bound under which the
 * promise holds (a shorter state can be replaced before the covering run reads it).
 */
const minDuration = (lagMs: number) => INTERVAL + lagMs + MAX_LATE + SEC;

const scenario: fc.Arbitrary<Scenario> = fc
  .record({
    lagMs: fc.constantFrom(0, 30 * SEC, 2 * MIN, 6 * MIN),
    stallThresholdMs: fc.constantFrom(10 * MIN, 30 * MIN),
    repeatMs: fc.constantFrom(3 * MIN, 7 * MIN, 15 * MIN, HOUR),
    postcheckHorizonMs: fc.constantFrom(20 * MIN, 2 * HOUR),
    cluster: fc.constantFrom(CCE, AUTOPILOT, ACK),
    offset: fc.integer({ min: 0, max: 24 * HOUR }),
    shapes: fc.array(
      fc.record({
        gapExtra: fc.integer({ min: 0, max: 90 * MIN }),
        segs: fc.array(
          fc.record({
            phase: fc.constantFrom<Phase>(
              "pending",
              "prechecking",
              "running",
              "running",
              "paused",
              "unknown",
            ),
            stall: fc.boolean(),
            extra: fc.integer({ min: 0, max: 90 * MIN }),
          }),
          { minLength: 1, maxLength: 5 },
        ),
        terminal: fc.constantFrom(
          "succeeded",
          "failed",
          "cancelled",
          "failed-then-cancelled" as const,
        ),
        cancelExtra: fc.integer({ min: 0, max: 60 * MIN }),
        terminalTime: fc.constantFrom("finishedAt", "clusterStep", "both" as const),
        postcheckExtra: fc.option(fc.integer({ min: 0, max: 3 * HOUR })),
        cancellable: fc.boolean(),
      }),
      { minLength: 1, maxLength: 3 },
    ),
    delays: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 7, maxLength: 7 }),
    retryDelays: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), {
      minLength: 5,
      maxLength: 5,
    }),
    failed: fc.array(fc.boolean(), { minLength: 11, maxLength: 11 }),
    failing: fc.boolean(),
  })
  .map((g) => {
    const min = minDuration(g.lagMs);
    const policy: DecidePolicy = {
      ...POLICY,
      lagMs: g.lagMs,
      stallThresholdMs: g.stallThresholdMs,
      repeatMs: g.repeatMs,
      postcheckHorizonMs: g.postcheckHorizonMs,
    };
    const upgrades: UpgradeSpec[] = g.shapes.map((s, i) => ({
      id: `upgrade-${i}`,
      gap: min + s.gapExtra,
      segs: s.segs
        .filter((seg, j, all) => !(seg.phase === "paused" && all[j - 1]?.phase === "paused"))
        .map((seg) => ({ phase: seg.phase, dur: duration(seg, g.stallThresholdMs, min) })),
      terminal: s.terminal,
      cancelAfter: min + s.cancelExtra,
      terminalTime: s.terminalTime,
      postcheckAfter: s.postcheckExtra === null ? null : min + s.postcheckExtra,
      cancellable: s.cancellable,
    }));
    const span = (f: number) => Math.round(-g.lagMs + f * (g.lagMs + MAX_LATE));
    return {
      timeline: { cluster: g.cluster, start: T0 + g.offset, upgrades },
      policy,
      delays: g.delays.map(span),
      retryDelays: g.retryDelays.map(span),
      failed: g.failing ? g.failed.map((f, i) => f && i % 3 === 0) : [false],
    };
  });

/**
 * Active segments either end before the stall threshold (no stall) or outlast it by at least
 * the minimum duration (a stall long enough to be read); never in between.
 */
function duration(
  seg: { phase: Phase; stall: boolean; extra: number },
  threshold: number,
  min: number,
) {
  if (!isActive(seg.phase)) return min + seg.extra;
  const quiet = min + Math.min(seg.extra, Math.max(0, threshold - min));
  const canBeQuiet = min <= threshold;
  return seg.stall || !canBeQuiet ? threshold + min + seg.extra : quiet;
}

interface RunResult {
  T: number;
  readAt: number;
  failed: boolean;
  events: ShepherdEvent[];
}

function simulate(s: Scenario, delays = s.delays): RunResult[] {
  const model = materialize(s.timeline);
  const first = Math.floor((s.timeline.start - 2 * INTERVAL) / INTERVAL) * INTERVAL;
  const last = lastChange(model) + s.policy.lagMs + 3 * INTERVAL;
  const results: RunResult[] = [];
  for (let k = 0, T = first; T <= last; k++, T += INTERVAL) {
    const readAt = T + (delays[k % delays.length] as number);
    const failed = s.failed[k % s.failed.length] === true;
    const window = windowFor(new Date(T + (k % 4) * 61 * SEC), INTERVAL, s.policy.lagMs);
    const cluster = s.timeline.cluster;
    // The last attempt of a run of one cluster: what it read, or the failure that is final.
    const plan: RunPlan = {
      clusters: [{ cluster, credentialSet: "default", window, policy: s.policy }],
      window,
      attempt: 3,
      retriesLeft: 0,
      shard: null,
      carriedDue: 0,
    };
    const failure: Failure = {
      cluster,
      credentialSet: "default",
      kind: "timeout",
      operation: "ListUpgradeClusterTasks",
      status: null,
      code: null,
      message: "read timed out",
      requestId: null,
      rawBody: null,
      attempts: 4,
    };
    const events = failed
      ? judgeRun(plan, { snapshots: [], failures: [failure] })
      : judgeRun(plan, { snapshots: [snapshotAt(s.timeline, model, readAt)], failures: [] });
    results.push({ T, readAt, failed, events: parsed(events) });
  }
  return results;
}

const transitionsOf = (events: ShepherdEvent[]) =>
  events.flatMap((e) =>
    "trigger" in e.detail && e.detail.trigger.kind === "transition"
      ? [`${e.detailType}@${e.detail.trigger.at}`]
      : [],
  );

const repeatsOf = (events: ShepherdEvent[]) =>
  events.flatMap((e) =>
    "trigger" in e.detail && e.detail.trigger.kind === "repeat" && e.detailType !== "Poll Failed"
      ? [e.detailType]
      : [],
  );

const LEVELS = ["Postcheck Due", "Cancel Due", "Resume Due"];
const levelsOf = (events: ShepherdEvent[]) =>
  events.filter((e) => LEVELS.includes(e.detailType)).map((e) => e.detailType);

const iso = (ms: number) => new Date(ms).toISOString();
const RUNS = { numRuns: 100, seed: 20250301 };

describe("decide over simulated provider timelines", () => {
  it("announces every edge transition exactly once, unless the covering run's reads all failed", () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const model = materialize(s.timeline);
        const results = simulate(s);
        const emitted = results.flatMap((r) => transitionsOf(r.events));
        for (const t of transitions(model, s.policy.stallThresholdMs)) {
          const key = `${t.detailType}@${iso(t.at)}`;
          const covering = results.find((r) => {
            const w = windowFor(new Date(r.T), INTERVAL, s.policy.lagMs);
            return Date.parse(w.start) < t.at && t.at <= Date.parse(w.end);
          });
          expect(covering, key).toBeDefined();
          const count = emitted.filter((e) => e === key).length;
          if (covering?.failed) {
            expect(count, key).toBe(0);
            expect(covering.events.map((e) => e.detailType)).toContain("Poll Failed");
          } else {
            expect(count, key).toBe(1);
          }
        }
        const expected = new Set(
          transitions(model, s.policy.stallThresholdMs).map((t) => `${t.detailType}@${iso(t.at)}`),
        );
        for (const e of emitted) expect(expected.has(e), e).toBe(true);
      }),
      RUNS,
    );
  });

  it("emits level events in every run while their condition holds, and in no other run", () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const model = materialize(s.timeline);
        const provider = s.timeline.cluster.provider;
        for (const r of simulate(s)) {
          const end = r.T - s.policy.lagMs;
          const state = stateAt(model, r.readAt);
          const expected: string[] = [];
          if (state && !r.failed) {
            const { seg, upgrade } = state;
            const recorded = upgrade.postcheckAt !== null && upgrade.postcheckAt <= r.readAt;
            // ACK records no postcheck, so its check is due once: in the success's own window.
            const horizon = provider === "ack" ? s.policy.intervalMs : s.policy.postcheckHorizonMs;
            if (
              seg.phase === "succeeded" &&
              seg.start <= end &&
              end - seg.start < horizon &&
              !(provider !== "ack" && recorded)
            ) {
              expected.push("Postcheck Due");
            }
            if (
              seg.phase === "failed" &&
              seg.start <= end &&
              // A failed ACK upgrade is over: never due for cancel.
              provider !== "ack" &&
              upgrade.spec.cancellable
            ) {
              expected.push("Cancel Due");
            }
            if (seg.phase === "paused" && seg.start <= end && provider !== "cce-autopilot") {
              expected.push("Resume Due");
            }
          }
          expect(levelsOf(r.events), iso(r.T)).toEqual(expected);
        }
      }),
      RUNS,
    );
  });

  it("repeats pauses and stalls in the first run of each bucket while they hold, and only then", () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const model = materialize(s.timeline);
        const R = s.policy.repeatMs;
        for (const r of simulate(s)) {
          const start = r.T - s.policy.lagMs - INTERVAL;
          const firstOfBucket = Math.floor(r.T / R) !== Math.floor((r.T - INTERVAL) / R);
          const state = stateAt(model, r.readAt);
          const expected: string[] = [];
          if (state && !r.failed && firstOfBucket) {
            const { seg } = state;
            if (seg.phase === "paused" && seg.start <= start) expected.push("Upgrade Paused");
            if (isActive(seg.phase) && seg.start + s.policy.stallThresholdMs <= start) {
              expected.push("Upgrade Stalled");
            }
            if (seg.phase === "unknown") expected.push("Read Degraded");
          }
          expect(repeatsOf(r.events), iso(r.T)).toEqual(expected);
        }
      }),
      RUNS,
    );
  });

  it("never acts on, nor announces an edge from, an undocumented phase: it only says so per bucket", () => {
    let seen = 0;
    fc.assert(
      fc.property(scenario, (s) => {
        const model = materialize(s.timeline);
        const R = s.policy.repeatMs;
        for (const r of simulate(s)) {
          if (r.failed || stateAt(model, r.readAt)?.seg.phase !== "unknown") continue;
          seen++;
          const firstOfBucket = Math.floor(r.T / R) !== Math.floor((r.T - INTERVAL) / R);
          // The read itself worked, so the key is accepted (it answers the key, not the phase).
          expect(
            r.events.map((e) => e.detailType),
            iso(r.T),
          ).toEqual(
            firstOfBucket ? ["Read Degraded", "Credentials Accepted"] : ["Credentials Accepted"],
          );
        }
      }),
      RUNS,
    );
    expect(seen).toBeGreaterThan(100);
  });

  it("gives a re-run of the same T the same ids when the provider has not changed in between", () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const model = materialize(s.timeline);
        const first = simulate(s);
        const again = simulate(s, s.retryDelays);
        let compared = 0;
        first.forEach((r, k) => {
          const other = again[k];
          if (!other) throw new Error("runs differ in number");
          const same =
            JSON.stringify(snapshotAt(s.timeline, model, r.readAt).upgrade) ===
            JSON.stringify(snapshotAt(s.timeline, model, other.readAt).upgrade);
          if (!same) return;
          compared++;
          expect(other.events.map((e) => e.detail.id)).toEqual(r.events.map((e) => e.detail.id));
          expect(other.events).toEqual(r.events);
        });
        expect(compared).toBeGreaterThan(first.length / 2);
      }),
      RUNS,
    );
  });

  it("reports a Poll Failed in every run whose reads all failed, one id per repeat bucket", () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const results = simulate(s);
        const byBucket = new Map<number, Set<string>>();
        for (const r of results) {
          const failures = r.events.filter((e) => e.detailType === "Poll Failed");
          expect(failures).toHaveLength(r.failed ? 1 : 0);
          if (r.failed) expect(r.events).toHaveLength(1);
          for (const f of failures) {
            const bucket = Math.floor(r.T / s.policy.repeatMs);
            byBucket.set(bucket, (byBucket.get(bucket) ?? new Set()).add(f.detail.id));
          }
        }
        for (const ids of byBucket.values()) expect(ids.size).toBe(1);
      }),
      RUNS,
    );
  });
});
