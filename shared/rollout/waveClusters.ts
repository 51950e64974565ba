import type { ClusterSelector, Rollout } from "../config/rollout.ts";
import { hashId } from "../events/eventId.ts";
import type { ClusterRef } from "../model/cluster.ts";
import { clusterKey } from "../model/clusterIdentity.ts";

/** One wave and the clusters it takes, in the rollout's stable order. */
export interface WaveClusters {
  name: string;
  clusters: ClusterRef[];
}

/** Every label of the selector matches exactly; an empty selector matches every cluster. */
export function selects(selector: ClusterSelector | undefined, cluster: ClusterRef): boolean {
  if (!selector) return true;
  return Object.entries(selector.labels).every(([key, value]) => cluster.labels[key] === value);
}

/** A cluster belongs to a rollout when its labels match `clusters` and `target` names its provider. */
export const inRollout = (rollout: Rollout, cluster: ClusterRef): boolean =>
  selects(rollout.clusters, cluster) && rollout.target[cluster.provider] !== undefined;

/**
 * The order's own hash recipe, apart from the event ids' (`ID_RECIPE`): a new id recipe must not
 * reshuffle the waves of a rollout under way, so this one never changes.
 */
const ORDER_RECIPE = "upgrade-shepherd/v1";

/**
 * The rollout's stable order: by a hash of (rollout name, cluster key). It does not change with
 * the inventory's order or with other clusters coming and going, and it mixes providers and
 * regions, so a `percent` wave is not all one cloud.
 */
function stableOrder(rollout: Rollout, clusters: readonly ClusterRef[]): ClusterRef[] {
  const rank = new Map(
    clusters.map((c) => [c, hashId(["rollout-order", rollout.name, clusterKey(c)], ORDER_RECIPE)]),
  );
  return [...clusters].sort((a, b) => ((rank.get(a) ?? "") < (rank.get(b) ?? "") ? -1 : 1));
}

/**
 * Splits the rollout's clusters into its waves. A cluster belongs to the rollout when its labels
 * match `clusters` and `target` names a version for its provider. Each wave takes, from those not
 * taken by an earlier wave, the ones its `clusters` selector matches, then (with `percent`) the
 * first `ceil(percent × rollout size / 100)` of them in the stable order. A cluster no wave takes
 * is not moved (the CLI lists it as unassigned).
 */
export function waveClusters(
  rollout: Rollout,
  inventory: readonly ClusterRef[],
): { waves: WaveClusters[]; unassigned: ClusterRef[] } {
  const members = stableOrder(
    rollout,
    inventory.filter((c) => inRollout(rollout, c)),
  );
  let remaining = members;
  const waves = rollout.waves.map((wave) => {
    const matching = remaining.filter((c) => selects(wave.clusters, c));
    const taken =
      wave.percent === undefined
        ? matching
        : matching.slice(0, Math.ceil((wave.percent * members.length) / 100));
    const takenSet = new Set(taken);
    remaining = remaining.filter((c) => !takenSet.has(c));
    return { name: wave.name, clusters: taken };
  });
  return { waves, unassigned: remaining };
}
