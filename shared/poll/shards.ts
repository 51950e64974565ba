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
  const sorted = [...clusters].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const size = Math.ceil(sorted.length / shard.count);
  return sorted.slice(shard.index * size, (shard.index + 1) * size);
}
