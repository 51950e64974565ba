import type { Config } from "../config/configSchema.ts";
import type { ResolvedCluster } from "../config/resolveClusters.ts";
import type { Rollout } from "../config/rollout.ts";
import type { PlannedCluster, RunPlan } from "../decide/judgeRun.ts";
import { windowFor } from "../decide/windowFor.ts";
import type { Window } from "../events/window.ts";
import { clusterKey } from "../model/clusterIdentity.ts";
import { inAnyRollout } from "../rollout/rolloutGroups.ts";
import type { ConcurrencyLimits } from "./limitedClient.ts";
import type { PollTrigger } from "./pollEvent.ts";
import { rateShares, shardRuns } from "./shards.ts";

/** A planned cluster with the config it is read by (endpoint, credential set). */
export interface PlannedRead extends PlannedCluster {
  config: ResolvedCluster;
}

/** What `judgeRun` needs, plus what the read needs: each cluster's config, and the limits. */
export interface ReadPlan extends RunPlan {
  clusters: readonly PlannedRead[];
  /** The config's concurrency, and for a shard its share of each credential set's rate. */
  limits: ConcurrencyLimits;
  /**
   * The rollouts this run judges, and the clusters they are judged over (read or not): every
   * rollout over the whole inventory in an unsharded scheduled run, a group's rollouts over its
   * clusters in that group's shard, none in other shards and in re-reads (docs/rollouts.md).
   */
  rolloutScope: { rollouts: readonly Rollout[]; inventory: readonly ResolvedCluster[] };
}

/**
 * Whether the run at `t` reads a cluster polled every `intervalMs`: a cluster with a longer
 * interval than the schedule's is read only in runs on its own grid.
 */
export const onGrid = (t: Date, scheduleIntervalMs: number, intervalMs: number): boolean =>
  (Math.floor(t.getTime() / scheduleIntervalMs) * scheduleIntervalMs) % intervalMs === 0;

/** The run's `T`: the schedule's time, or the one a shard or re-read request carries. */
export const runTime = (trigger: PollTrigger): Date =>
  trigger.kind === "schedule" ? trigger.t : new Date(trigger.detail.window.t);

/**
 * The run's own window, at the schedule's interval and lag: what shard and re-read requests
 * carry. A request's window is used as it came, so every attempt of a run carries the same one.
 */
export const runWindow = (trigger: PollTrigger, config: Config): Window =>
  trigger.kind === "schedule"
    ? windowFor(trigger.t, config.defaults.pollInterval, config.defaults.lag)
    : trigger.detail.window;

/**
 * What one invocation reads and how it is judged, from its trigger and the config alone (no I/O,
 * no clock): the schedule reads the inventory, a shard its slice (both only the clusters on their
 * interval's grid), a re-read exactly the clusters it lists that are still configured. Each
 * cluster is judged in the window of its own interval and lag, by its own policy. A re-read
 * carries its attempt and the blast-radius count of the attempts before it; `retriesLeft` is what
 * remains of `poll.readRetry.attempts`. Fanning a large inventory out into shards is the
 * handler's; this plans one read.
 */
export function planRun(
  trigger: PollTrigger,
  config: Config,
  inventory: readonly ResolvedCluster[],
): ReadPlan {
  const t = runTime(trigger);
  const attempt = trigger.kind === "retry" ? trigger.detail.attempt : 1;
  const shard = trigger.kind === "schedule" ? null : trigger.detail.shard;
  const scope = scopeOf(trigger, config, inventory);
  const read =
    trigger.kind === "retry"
      ? scope.clusters
      : scope.clusters.filter((c) =>
          onGrid(t, config.defaults.pollInterval, c.policy.pollInterval),
        );
  return {
    clusters: read.map((c) => ({
      cluster: c.ref,
      credentialSet: c.credentials,
      window: windowFor(t, c.policy.pollInterval, c.policy.lag),
      policy: { ...c.policy, postcheckHorizon: config.poll.postcheckHorizon },
      config: c,
    })),
    window: runWindow(trigger, config),
    attempt,
    retriesLeft: Math.max(0, config.poll.readRetry.attempts + 1 - attempt),
    shard,
    carriedDue: trigger.kind === "retry" ? trigger.detail.clustersDueForCancel : 0,
    limits: {
      ...config.poll.concurrency,
      shareOf:
        trigger.kind === "shard" && trigger.detail.shares
          ? carriedShares(trigger.detail.shares)
          : shareOf(
              shard,
              trigger.kind === "shard" ? scope.clusters : undefined,
              config,
              inventory,
            ),
    },
    rolloutScope: {
      rollouts: scope.rollouts,
      inventory: scope.rollouts.length > 0 ? scope.clusters : [],
    },
  };
}

interface Scope {
  /** The clusters the invocation is for, before the interval grid picks this run's reads. */
  clusters: readonly ResolvedCluster[];
  rollouts: readonly Rollout[];
}

function scopeOf(
  trigger: PollTrigger,
  config: Config,
  inventory: readonly ResolvedCluster[],
): Scope {
  switch (trigger.kind) {
    case "schedule":
      return { clusters: inventory, rollouts: config.rollouts };
    case "retry": {
      const wanted = new Set(trigger.detail.clusters.map(clusterKey));
      return { clusters: inventory.filter((c) => wanted.has(c.key)), rollouts: [] };
    }
    case "shard":
      return shardScope(trigger.detail, config, inventory);
  }
}

/**
 * A shard's clusters and rollouts. A rollout group's shard names its rollouts and takes every
 * cluster they cover. When the scheduled run discovered clusters, any other shard names its key
 * range: the inventory given here holds the listed clusters and this shard's carried ones, so the
 * range, less the clusters a rollout covers, picks exactly the run (docs/discovery.md). A shard
 * of a listed fleet computes its run from the config (`shardRuns`).
 */
function shardScope(
  detail: Extract<PollTrigger, { kind: "shard" }>["detail"],
  config: Config,
  inventory: readonly ResolvedCluster[],
): Scope {
  if (detail.rollouts) {
    const names = new Set(detail.rollouts);
    const rollouts = config.rollouts.filter((r) => names.has(r.name));
    return { clusters: sortByKey(inventory.filter((c) => inAnyRollout(rollouts, c))), rollouts };
  }
  const { range } = detail;
  if (range) {
    const clusters = inventory.filter(
      (c) => range.first <= c.key && c.key <= range.last && !inAnyRollout(config.rollouts, c),
    );
    return { clusters: sortByKey(clusters), rollouts: [] };
  }
  const run = shardRuns(inventory, config.rollouts, detail.shard.count)[detail.shard.index];
  const names = new Set(run?.rollouts ?? []);
  return {
    clusters: run?.clusters ?? [],
    rollouts: config.rollouts.filter((r) => names.has(r.name)),
  };
}

const sortByKey = (clusters: readonly ResolvedCluster[]): ResolvedCluster[] =>
  [...clusters].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));

const carriedShares =
  (shares: Record<string, number>) =>
  (name: string): number =>
    Object.hasOwn(shares, name) ? (shares[name] ?? 1) : 1;

/**
 * A shard (and its re-reads) shares each key's rate with the other shards that hold clusters of
 * that key, in proportion to its run of a listed fleet (`shardRuns`): `run` when the plan has it.
 */
function shareOf(
  shard: RunPlan["shard"],
  run: readonly ResolvedCluster[] | undefined,
  config: Config,
  inventory: readonly ResolvedCluster[],
): ((credentialSet: string) => number) | undefined {
  if (shard === null || shard.count === 1) return undefined;
  // A shard's own scope is its run; a re-read lists only some clusters, so its run is cut again.
  run ??= shardRuns(inventory, config.rollouts, shard.count)[shard.index]?.clusters ?? [];
  const shares = rateShares(run, inventory);
  return (name) => shares.get(name) ?? 1;
}
