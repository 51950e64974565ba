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
 * This shard's share of each credential set's rate: the fraction of the key's clusters that
 * sit in it. Shards run at once, so each paces a key in proportion to the work it has for
 * that key, and all finish together; a key whose clusters sit in one shard keeps all of it.
 * Every shard computes the same shares from the same inventory, with no coordination.
 */
export function rateShares(
  clusters: readonly ResolvedCluster[],
  shard: Shard,
): Map<string, number> {
  const sorted = byKey(clusters);
  const size = Math.ceil(sorted.length / shard.count);
  const total = new Map<string, number>();
  const mine = new Map<string, number>();
  sorted.forEach((c, i) => {
    total.set(c.credentials, (total.get(c.credentials) ?? 0) + 1);
    if (Math.floor(i / size) === shard.index)
      mine.set(c.credentials, (mine.get(c.credentials) ?? 0) + 1);
  });
  return new Map([...mine].map(([name, n]) => [name, n / (total.get(name) ?? n)]));
}
