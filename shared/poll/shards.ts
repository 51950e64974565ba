import type { ResolvedCluster } from "../config/resolveClusters.ts";
import type { Shard } from "../events/shard.ts";

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

/**
 * How many shards hold clusters of each credential set. Shards run at once, so each paces a key
 * to its share of the account's rate; a key whose clusters sit in one shard keeps all of it.
 * Every shard computes the same answer from the same inventory, with no coordination.
 */
export function shardsPerCredentialSet(
  clusters: readonly ResolvedCluster[],
  count: number,
): Map<string, number> {
  const sorted = byKey(clusters);
  const size = Math.ceil(sorted.length / count);
  const holders = new Map<string, Set<number>>();
  sorted.forEach((c, i) => {
    const set = holders.get(c.credentials) ?? new Set<number>();
    set.add(Math.floor(i / size));
    holders.set(c.credentials, set);
  });
  return new Map([...holders].map(([name, set]) => [name, set.size]));
}
