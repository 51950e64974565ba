import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { clusterKey } from "../../shared/config/clusterKey.ts";
import { judgeRun, type PlannedCluster, type RunPlan } from "../../shared/decide/judgeRun.ts";
import type { ShepherdEvent } from "../../shared/events/shepherdEvent.ts";
import type { ClusterRef } from "../../shared/model/cluster.ts";
import { FAILURE_RULES, type Failure, FailureKindSchema } from "../../shared/model/failure.ts";
import type { UpgradeSnapshot } from "../../shared/model/snapshot.ts";
import { parsed } from "./fixtures.ts";
import {
  failedUpgrade,
  failure,
  fleetCluster,
  idle,
  of,
  plan,
  planned,
  startedUpgrade,
} from "./runFixtures.ts";

// The run-level promises as properties of judgeRun over whole runs: a random fleet on a few
// keys, each cluster in a random state, each read attempt a random success or failure of any
// kind, chained through Poll Retry Requested as poll-status chains them, and cut into shards.

type State = "idle" | "started" | "failed";
const KINDS = FailureKindSchema.options;

interface Fleet {
  clusters: { ref: ClusterRef; key: string; state: State }[];
  /** Re-reads allowed (`poll.readRetry.attempts`). */
  retries: number;
  /** `outcomes[attempt - 1][i]`: null reads cluster i, a kind fails it. */
  outcomes: (string | null)[][];
  limit: number;
}

const fleet: fc.Arbitrary<Fleet> = fc
  .record({
    n: fc.integer({ min: 1, max: 12 }),
    retries: fc.integer({ min: 0, max: 3 }),
    limit: fc.integer({ min: 0, max: 4 }),
    states: fc.array(fc.constantFrom<State>("idle", "started", "failed", "failed"), {
      minLength: 12,
      maxLength: 12,
    }),
    keys: fc.array(fc.constantFrom("key-a", "key-b", "key-c"), { minLength: 12, maxLength: 12 }),
    outcomes: fc.array(
      fc.array(fc.option(fc.constantFrom(...KINDS), { freq: 2 }), {
        minLength: 12,
        maxLength: 12,
      }),
      { minLength: 4, maxLength: 4 },
    ),
  })
  .map((g) => ({
    clusters: Array.from({ length: g.n }, (_, i) => ({
      ref: fleetCluster(i),
      key: g.keys[i] as string,
      state: g.states[i] as State,
    })),
    retries: g.retries,
    outcomes: g.outcomes,
    limit: g.limit,
  }));

const snapshotOf = (ref: ClusterRef, state: State): UpgradeSnapshot =>
  state === "idle" ? idle(ref) : state === "started" ? startedUpgrade(ref) : failedUpgrade(ref);

interface Attempt {
  plan: RunPlan;
  read: Set<string>;
  failures: Failure[];
  events: ShepherdEvent[];
}

/** One run: attempt 1 plans the fleet; each Poll Retry Requested plans the next attempt. */
function runChain(f: Fleet, members = f.clusters, shard: RunPlan["shard"] = null): Attempt[] {
  const attempts: Attempt[] = [];
  let clusters: PlannedCluster[] = members.map((c) => planned(c.ref, c.key));
  let carriedDue = 0;
  for (let attempt = 1; clusters.length > 0; attempt++) {
    const p = plan(clusters, {
      attempt,
      retriesLeft: Math.max(0, f.retries + 1 - attempt),
      carriedDue,
      shard,
    });
    const snapshots: UpgradeSnapshot[] = [];
    const failures: Failure[] = [];
    for (const c of clusters) {
      const i = f.clusters.findIndex((x) => x.ref.clusterId === c.cluster.clusterId);
      const kind = f.outcomes[(attempt - 1) % 4]?.[i] ?? null;
      const state = f.clusters[i]?.state ?? "idle";
      if (kind === null) snapshots.push(snapshotOf(c.cluster, state));
      else
        failures.push(
          failure(c.cluster, kind as Failure["kind"], { credentialSet: c.credentialSet }),
        );
    }
    const events = parsed(judgeRun(p, { snapshots, failures }));
    attempts.push({
      plan: p,
      read: new Set(snapshots.map((s) => clusterKey(s.cluster))),
      failures,
      events,
    });
    const [retry] = of(events, "Poll Retry Requested");
    const again = new Set(retry?.detail.clusters.map(clusterKey) ?? []);
    clusters = clusters.filter((c) => again.has(clusterKey(c.cluster)));
    carriedDue = retry?.detail.clustersDueForCancel ?? 0;
    if (attempt > f.retries + 1) throw new Error("the run asked for more attempts than its budget");
  }
  return attempts;
}

const RUNS = { numRuns: 300, seed: 20261129 };
const keysOf = (refs: readonly ClusterRef[]) => refs.map(clusterKey);

describe("judgeRun over whole runs (retries and shards included)", () => {
  it("accounts for every planned cluster exactly once in each attempt: read, failed or asked again", () => {
    fc.assert(
      fc.property(fleet, (f) => {
        for (const a of runChain(f)) {
          const failed = of(a.events, "Poll Failed").flatMap((e) =>
            keysOf(e.detail.affectedClusters),
          );
          const again = of(a.events, "Poll Retry Requested").flatMap((e) =>
            keysOf(e.detail.clusters),
          );
          const outcomes = [...a.read, ...failed, ...again].sort();
          expect(outcomes).toEqual(keysOf(a.plan.clusters.map((c) => c.cluster)).sort());
        }
      }),
      RUNS,
    );
  });

  it("never drops a window: after the last attempt each cluster was read or is in a Poll Failed", () => {
    fc.assert(
      fc.property(fleet, (f) => {
        const chain = runChain(f);
        expect(chain.length).toBeLessThanOrEqual(f.retries + 1);
        const read = chain.flatMap((a) => [...a.read]);
        const failed = chain.flatMap((a) =>
          of(a.events, "Poll Failed").flatMap((e) => keysOf(e.detail.affectedClusters)),
        );
        expect(new Set([...read, ...failed])).toEqual(
          new Set(keysOf(f.clusters.map((c) => c.ref))),
        );
        for (const k of read) expect(failed).not.toContain(k);
      }),
      RUNS,
    );
  });

  it("announces each transition once across the attempts of a run, and gives no two events one id", () => {
    fc.assert(
      fc.property(fleet, (f) => {
        const chain = runChain(f);
        for (const a of chain) {
          const ids = a.events.map((e) => e.detail.id);
          expect(new Set(ids).size).toBe(ids.length);
        }
        const started = chain.flatMap((a) => of(a.events, "Upgrade Started"));
        const readStarted = f.clusters.filter(
          (c) => c.state === "started" && chain.some((a) => a.read.has(clusterKey(c.ref))),
        );
        expect(keysOf(started.map((e) => e.detail.cluster)).sort()).toEqual(
          keysOf(readStarted.map((c) => c.ref)).sort(),
        );
      }),
      RUNS,
    );
  });

  it("raises one critical alarm per refused or unloaded key, with one id across the attempts", () => {
    fc.assert(
      fc.property(fleet, (f) => {
        const ids = new Map<string, Set<string>>();
        for (const a of runChain(f)) {
          const final = a.failures.filter(
            (x) =>
              FAILURE_RULES[x.kind].perCredentialSet &&
              !(a.plan.retriesLeft > 0 && FAILURE_RULES[x.kind].reread),
          );
          for (const key of new Set(final.map((x) => x.credentialSet))) {
            const alarms = of(a.events, "Poll Failed").filter(
              (e) => e.detail.failure.credentialSet === key && e.detail.severity === "critical",
            );
            expect(alarms).toHaveLength(1);
            const clusters = final.filter((x) => x.credentialSet === key).map((x) => x.cluster);
            expect(keysOf(alarms[0]?.detail.affectedClusters ?? []).sort()).toEqual(
              keysOf(clusters).sort(),
            );
            ids.set(
              key as string,
              (ids.get(key as string) ?? new Set()).add(alarms[0]?.detail.id ?? ""),
            );
          }
        }
        for (const set of ids.values()) expect(set.size).toBe(1);
      }),
      RUNS,
    );
  });

  it("accepts exactly the keys that read a cluster and were refused nowhere in the attempt, never one it pages for", () => {
    fc.assert(
      fc.property(fleet, (f) => {
        for (const a of runChain(f)) {
          const refused = new Set(
            a.failures
              .filter((x) => FAILURE_RULES[x.kind].perCredentialSet)
              .map((x) => x.credentialSet),
          );
          const readBy = new Map<string, string[]>();
          for (const c of f.clusters) {
            if (!a.read.has(clusterKey(c.ref)) || refused.has(c.key)) continue;
            readBy.set(c.key, [...(readBy.get(c.key) ?? []), clusterKey(c.ref)]);
          }
          const accepted = of(a.events, "Credentials Accepted");
          expect(accepted.map((e) => e.detail.credentialSet)).toEqual([...readBy.keys()].sort());
          for (const e of accepted) {
            expect(keysOf(e.detail.clusters).sort()).toEqual(
              (readBy.get(e.detail.credentialSet) ?? []).sort(),
            );
          }
          const paged = of(a.events, "Poll Failed")
            .filter((e) => e.detail.severity === "critical")
            .map((e) => e.detail.failure.credentialSet);
          for (const e of accepted) expect(paged).not.toContain(e.detail.credentialSet);
        }
      }),
      RUNS,
    );
  });

  it("stamps one count on every Cancel Due of an attempt, and never lets more than the limit pass the guard", () => {
    fc.assert(
      fc.property(fleet, (f) => {
        let passed = 0;
        let dueSoFar = 0;
        for (const a of runChain(f)) {
          const due = of(a.events, "Cancel Due");
          dueSoFar += due.length;
          const counts = new Set(due.map((e) => e.detail.clustersDueForCancel));
          if (due.length > 0) expect([...counts]).toEqual([dueSoFar]);
          const retry = of(a.events, "Poll Retry Requested")[0];
          if (retry) expect(retry.detail.clustersDueForCancel).toBe(dueSoFar);
          // cancel-on-failure's guard: above the limit, none of this attempt's is cancelled.
          const pass = due.filter((e) => e.detail.clustersDueForCancel <= f.limit);
          if (dueSoFar > f.limit) expect(pass).toEqual([]);
          passed += pass.length;
        }
        expect(passed).toBeLessThanOrEqual(f.limit);
        // A failed ACK upgrade is over and never due for cancel; CCE and Autopilot ones are.
        const failedState = f.clusters.filter(
          (c) => c.state === "failed" && c.ref.provider !== "ack",
        ).length;
        if (
          f.outcomes[0]?.slice(0, f.clusters.length).every((o) => o === null) &&
          failedState > f.limit
        ) {
          expect(passed).toBe(0);
        }
      }),
      RUNS,
    );
  });

  it("gives the same events, ids included, sharded and unsharded; counts are per shard", () => {
    fc.assert(
      fc.property(fleet, fc.integer({ min: 2, max: 4 }), (f, count) => {
        const whole = runChain(f).flatMap((a) => a.events);
        const size = Math.ceil(f.clusters.length / count);
        const shards = Array.from({ length: count }, (_, index) => ({
          shard: { index, count },
          chain: runChain(f, f.clusters.slice(index * size, (index + 1) * size), { index, count }),
        }));
        const sharded = shards.flatMap((s) => s.chain.flatMap((a) => a.events));
        // A refused key's clusters may sit in several shards: each shard raises the alarm with one
        // id, so receivers that deduplicate alert once, and together they name every cluster.
        const perKey = (events: ShepherdEvent[]) => {
          const out = new Map<string, Set<string>>();
          for (const e of of(events, "Poll Failed").filter(
            (x) => x.detail.severity === "critical",
          )) {
            const set = out.get(e.detail.id) ?? new Set();
            for (const k of keysOf(e.detail.affectedClusters)) set.add(k);
            out.set(e.detail.id, set);
          }
          return out;
        };
        expect(perKey(sharded)).toEqual(perKey(whole));
        // A key the whole run accepted is accepted by the shards under the same id, and together
        // they name at least its clusters (a shard that never met the key's refusal elsewhere
        // accepts it for the clusters it read).
        const accepted = (events: ShepherdEvent[]) => {
          const out = new Map<string, Set<string>>();
          for (const e of of(events, "Credentials Accepted")) {
            const set = out.get(e.detail.id) ?? new Set();
            for (const k of keysOf(e.detail.clusters)) set.add(k);
            out.set(e.detail.id, set);
          }
          return out;
        };
        const shardedAccepted = accepted(sharded);
        for (const [id, clusters] of accepted(whole)) {
          for (const k of clusters) expect(shardedAccepted.get(id)?.has(k), k).toBe(true);
        }
        const visible = (events: ShepherdEvent[]) =>
          events
            .filter(
              (e) =>
                (!e.detailType.startsWith("Poll ") && e.detailType !== "Credentials Accepted") ||
                (e.detailType === "Poll Failed" && e.detail.severity !== "critical"),
            )
            .map((e) => {
              const {
                clustersDueForCancel: _c,
                shard: _s,
                ...detail
              } = e.detail as Record<string, unknown>;
              return JSON.stringify({ type: e.detailType, detail });
            })
            .sort();
        expect(visible(sharded)).toEqual(visible(whole));
        for (const s of shards) {
          for (const e of s.chain.flatMap((a) => of(a.events, "Cancel Due"))) {
            expect(e.detail.shard).toEqual(s.shard);
          }
        }
      }),
      { ...RUNS, numRuns: 150 },
    );
  });
});
