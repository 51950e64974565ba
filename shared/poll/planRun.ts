import { clusterKey } from "../config/clusterKey.ts";
import type { Config } from "../config/configSchema.ts";
import type { ResolvedCluster } from "../config/resolveClusters.ts";
import type { PlannedCluster, RunPlan } from "../decide/judgeRun.ts";
import { windowFor } from "../decide/windowFor.ts";
import type { Window } from "../events/window.ts";
import { toDecidePolicy } from "./decidePolicy.ts";
import type { ConcurrencyLimits } from "./limitedClient.ts";
import type { PollTrigger } from "./pollEvent.ts";
import { rateShares, shardOf } from "./shards.ts";

/** A planned cluster with the config it is read by (endpoint, credential set). */
export interface PlannedRead extends PlannedCluster {
  config: ResolvedCluster;
}

/** What `judgeRun` needs, plus what the read needs: each cluster's config, and the limits. */
export interface ReadPlan extends RunPlan {
  clusters: readonly PlannedRead[];
  /** The config's concurrency, and for a shard its share of each credential set's rate. */
  limits: ConcurrencyLimits;
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
  return {
    clusters: chosen(trigger, config, inventory).map((c) => ({
      cluster: c.ref,
      credentialSet: c.credentials,
      window: windowFor(t, c.policy.pollInterval, c.policy.lag),
      policy: toDecidePolicy(c.policy, config.poll),
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
          : shareOf(shard, inventory),
    },
  };
}

function chosen(
  trigger: PollTrigger,
  config: Config,
  inventory: readonly ResolvedCluster[],
): readonly ResolvedCluster[] {
  if (trigger.kind === "retry") {
    const wanted = new Set(trigger.detail.clusters.map(clusterKey));
    return inventory.filter((c) => wanted.has(c.key));
  }
  const slice = trigger.kind === "shard" ? shardSlice(trigger.detail, inventory) : inventory;
  const t = runTime(trigger);
  return slice.filter((c) => onGrid(t, config.defaults.pollInterval, c.policy.pollInterval));
}

/**
 * A shard's clusters: its run of the sorted inventory; when the scheduled run discovered clusters
 * it sent the run's key range, and the inventory given here holds the listed clusters and this
 * shard's carried ones, so the range picks exactly the run (docs/discovery.md).
 */
function shardSlice(
  detail: Extract<PollTrigger, { kind: "shard" }>["detail"],
  inventory: readonly ResolvedCluster[],
): readonly ResolvedCluster[] {
  const { range } = detail;
  if (!range) return shardOf(inventory, detail.shard);
  return inventory
    .filter((c) => range.first <= c.key && c.key <= range.last)
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

const carriedShares =
  (shares: Record<string, number>) =>
  (name: string): number =>
    Object.hasOwn(shares, name) ? (shares[name] ?? 1) : 1;

/** A shard shares each key's rate with the other shards that hold clusters of that key. */
function shareOf(
  shard: RunPlan["shard"],
  inventory: readonly ResolvedCluster[],
): ((credentialSet: string) => number) | undefined {
  if (shard === null || shard.count === 1) return undefined;
  const shares = rateShares(inventory, shard);
  return (name) => shares.get(name) ?? 1;
}
