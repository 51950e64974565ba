import type { ResolvedCluster } from "../config/resolveClusters.ts";
import type { Rollout } from "../config/rollout.ts";
import { inRollout } from "./waveClusters.ts";

/** Rollouts that must be judged together, and every cluster of the inventory any of them covers. */
export interface RolloutGroup {
  /** The rollouts' names, in the config's order. */
  rollouts: string[];
  /** Their clusters, sorted by cluster key. */
  clusters: ResolvedCluster[];
}

/**
 * The config's rollouts, joined where they share a cluster (a cluster two rollouts cover is
 * judged by both, so both need the same reads), each with the inventory's clusters it covers.
 * Groups come in the order of their first rollout in the config; a rollout that covers no
 * cluster of the inventory still forms a group, with no clusters. Pure: the same config and
 * inventory give the same groups, whatever the inventory's order, so every shard of a run
 * computes them alike with no coordination.
 */
export function rolloutGroups(
  rollouts: readonly Rollout[],
  inventory: readonly ResolvedCluster[],
): RolloutGroup[] {
  const parent = rollouts.map((_, i) => i);
  const root = (i: number): number => {
    let r = i;
    while (parent[r] !== r) r = parent[r] as number;
    return r;
  };
  const owner = new Map<string, number>();
  const covered = rollouts.map(() => [] as ResolvedCluster[]);
  rollouts.forEach((rollout, i) => {
    for (const c of inventory) {
      if (!inRollout(rollout, c.ref)) continue;
      covered[i]?.push(c);
      const first = owner.get(c.key);
      if (first === undefined) owner.set(c.key, i);
      else {
        const [a, b] = [root(first), root(i)];
        if (a !== b) parent[Math.max(a, b)] = Math.min(a, b);
      }
    }
  });
  type Building = { rollouts: string[]; clusters: Map<string, ResolvedCluster> };
  const groups = new Map<number, Building>();
  rollouts.forEach((rollout, i) => {
    const r = root(i);
    const group: Building = groups.get(r) ?? { rollouts: [], clusters: new Map() };
    group.rollouts.push(rollout.name);
    for (const c of covered[i] ?? []) group.clusters.set(c.key, c);
    groups.set(r, group);
  });
  return [...groups.values()].map((g) => ({
    rollouts: g.rollouts,
    clusters: [...g.clusters.values()].sort(byKey),
  }));
}

/** Whether any of the rollouts covers the cluster. */
export const inAnyRollout = (rollouts: readonly Rollout[], cluster: ResolvedCluster): boolean =>
  rollouts.some((r) => inRollout(r, cluster.ref));

const byKey = (a: ResolvedCluster, b: ResolvedCluster): number =>
  a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
