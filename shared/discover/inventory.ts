import { clusterKey } from "../config/clusterKey.ts";
import { mergePolicy, type Policy } from "../config/policy.ts";
import type { ResolvedCluster } from "../config/resolveClusters.ts";
import type { ClusterRef } from "../model/cluster.ts";
import type { DiscoveredMatch } from "./applySources.ts";
import { labelsFromTags } from "./labelsFromTags.ts";

/** How a discovered cluster came to be watched. */
export interface DiscoveryOrigin {
  /** The first source (config order) whose filters matched it. */
  source: string;
  /** The filters it passed there. */
  rule: string;
  /** Other sources that matched it too (it is still one cluster). */
  alsoMatchedBy: string[];
  /** Its creation time from the list (ISO 8601 UTC), or null. */
  createdAt: string | null;
}

/** One cluster of the inventory a run watches: a resolved cluster, and where it came from. */
export interface InventoryCluster extends ResolvedCluster {
  /** `listed` in `clusters`, `discovered` by a source, or `both` (the listed settings win). */
  origin: "listed" | "discovered" | "both";
  discovery?: DiscoveryOrigin | undefined;
}

/** The ResolvedCluster a match becomes: its source's credentials, host and policy. */
export function resolveDiscovered(match: DiscoveredMatch, defaults: Policy): ResolvedCluster {
  const { cluster, source, scope } = match;
  const ref: ClusterRef = {
    provider: cluster.provider,
    region: cluster.region,
    clusterId: cluster.clusterId,
    name: cluster.name,
    labels: labelsFromTags(cluster.tags, source.labels),
    source: source.name,
  };
  if (cluster.projectId !== undefined) ref.projectId = cluster.projectId;
  return {
    key: clusterKey(ref),
    ref,
    endpoint: scope.endpoint,
    credentials: source.credentials,
    policy: mergePolicy(defaults, source.overrides),
    healthProbes: [],
  };
}

const byKey = (a: { key: string }, b: { key: string }): number =>
  a.key < b.key ? -1 : a.key > b.key ? 1 : 0;

/**
 * The inventory: the listed clusters and the discovered ones as one list, sorted by cluster
 * key, so shards stay the sorted inventory cut into equal runs. A cluster both listed and
 * discovered is one entry with the listed settings; one matched by two sources belongs to the
 * first (config order). Pure: the same inputs give the same list, in the same order.
 */
export function mergeInventory(
  listed: readonly ResolvedCluster[],
  matched: readonly DiscoveredMatch[],
  defaults: Policy,
): InventoryCluster[] {
  const out = new Map<string, InventoryCluster>();
  for (const c of listed) out.set(c.key, { ...c, origin: "listed" });
  for (const match of matched) {
    const resolved = resolveDiscovered(match, defaults);
    const existing = out.get(resolved.key);
    if (existing?.discovery) {
      existing.discovery.alsoMatchedBy.push(match.source.name);
      continue;
    }
    const discovery: DiscoveryOrigin = {
      source: match.source.name,
      rule: match.rule,
      alsoMatchedBy: [],
      createdAt: match.cluster.createdAt,
    };
    out.set(
      resolved.key,
      existing
        ? { ...existing, origin: "both", discovery }
        : { ...resolved, origin: "discovered", discovery },
    );
  }
  return [...out.values()].sort(byKey);
}
