import type { ResolvedCluster } from "../config/resolveClusters.ts";
import type { Rollout } from "../config/rollout.ts";
import type { Shard } from "../events/shard.ts";
import { rolloutGroups } from "../rollout/rolloutGroups.ts";

/** How many shards an inventory needs at a given shard size; 1 means no sharding. */
export const shardCount = (clusters: number, shardSize: number): number =>
  Math.max(1, Math.ceil(clusters / shardSize));

/**
 * The clusters of one shard: the inventory sorted by cluster key and cut into `count` runs of
 * near-equal length. The same inventory always gives the same shards, so a retried shard
 * invocation re-reads the same clusters; adding or removing a cluster may move its neighbours.
 */
export function shardOf(clusters: readonly ResolvedCluster[], shard: Shard): ResolvedCluster[] {
  const sorted = byKey(clusters);
  const size = Math.ceil(sorted.length / shard.count);
  return sorted.slice(shard.index * size, (shard.index + 1) * size);
}

const byKey = (clusters: readonly ResolvedCluster[]): ResolvedCluster[] =>
  [...clusters].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));

/** One shard's invocation: the clusters it reads, and the rollouts it judges from those reads. */
export interface ShardRun {
  clusters: ResolvedCluster[];
  /** Rollout names; empty for a shard of clusters no rollout covers. */
  rollouts: string[];
}

/**
 * A sharded run's invocations, in shard order. A rollout is judged from the reads of all its
 * clusters at once, so each group of rollouts (`rolloutGroups`: rollouts sharing a cluster are
 * one group) is one shard, whatever its size, and judges its rollouts there; the clusters no
 * rollout covers are cut into the remaining `count - groups` shards as `shardOf` cuts them. A
 * config with no rollouts gives exactly `shardOf`'s shards. Pure, so every shard of a run
 * computes the same runs from the same config and inventory. A group larger than a shard is
 * still one shard: it reads at its keys' share of the rate until the run's deadline, and what
 * it leaves unread is re-read by retries but not judged for the rollout that run (an unread
 * cluster starts nothing and keeps its wave from completing, docs/rollouts.md).
 */
export function shardRuns(
  inventory: readonly ResolvedCluster[],
  rollouts: readonly Rollout[],
  count: number,
): ShardRun[] {
  const groups = rolloutGroups(rollouts, inventory).filter((g) => g.clusters.length > 0);
  const grouped = new Set(groups.flatMap((g) => g.clusters.map((c) => c.key)));
  const rest = inventory.filter((c) => !grouped.has(c.key));
  const restCount = rest.length === 0 ? 0 : Math.max(1, count - groups.length);
  // `shardOf`'s cut, sorting once for all the runs (a 10,000-cluster fleet has 20 of them).
  const sorted = byKey(rest);
  const size = Math.ceil(sorted.length / Math.max(1, restCount));
  return [
    ...groups.map((g) => ({ clusters: g.clusters, rollouts: g.rollouts })),
    ...Array.from({ length: restCount }, (_, index) => ({
      clusters: sorted.slice(index * size, (index + 1) * size),
      rollouts: [],
    })),
  ];
}

/**
 * How many shards a sharded run asks for: one per group of rollouts that covers a cluster, and
 * `shardCount` of the clusters no rollout covers.
 */
export function shardRunCount(
  inventory: readonly ResolvedCluster[],
  rollouts: readonly Rollout[],
  shardSize: number,
): number {
  const groups = rolloutGroups(rollouts, inventory).filter((g) => g.clusters.length > 0);
  const rest = inventory.length - groups.reduce((n, g) => n + g.clusters.length, 0);
  return groups.length + (rest > 0 ? shardCount(rest, shardSize) : 0);
}

/**
 * A shard's share of each credential set's rate: the fraction of the key's clusters (of the
 * whole inventory) that sit in its run. Shards run at once, so each paces a key in proportion
 * to the work it has for that key, and all finish together; a key whose clusters sit in one
 * shard keeps all of it. Every shard computes the same shares from the same inventory, with no
 * coordination. Only the keys the run holds are in the map.
 */
export function rateShares(
  run: readonly ResolvedCluster[],
  inventory: readonly ResolvedCluster[],
): Map<string, number> {
  const total = countByCredentials(inventory);
  return new Map(
    [...countByCredentials(run)].map(([name, n]) => [name, n / (total.get(name) ?? n)]),
  );
}

/** Clusters per credential set. */
export function countByCredentials(clusters: readonly ResolvedCluster[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const c of clusters) out.set(c.credentials, (out.get(c.credentials) ?? 0) + 1);
  return out;
}
