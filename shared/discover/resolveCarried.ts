import { clusterKey } from "../config/clusterKey.ts";
import type { ConfigDocument } from "../config/configSchema.ts";
import { defaultEndpoint } from "../config/endpoint.ts";
import { mergePolicy } from "../config/policy.ts";
import type { ResolvedCluster } from "../config/resolveClusters.ts";
import type { ClusterRef } from "../model/cluster.ts";
import { discoverySources } from "./discoverySource.ts";
import type { InventoryCluster } from "./inventory.ts";

/**
 * Discovered clusters a shard or re-read request carries (each ref names its `source`), resolved
 * against the config as it is now, without listing again: the source's credential set and
 * overrides, and the host of the source's region (Huawei: project). The labels are the ref's
 * own, as the scheduled run made them. A ref whose source is gone from the config (a deploy
 * between the scheduled run and this invocation) cannot be read, and is returned as such.
 */
export function resolveCarried(
  refs: readonly ClusterRef[],
  config: Pick<ConfigDocument, "discover" | "defaults">,
): { resolved: InventoryCluster[]; unresolved: ClusterRef[] } {
  const sources = new Map(discoverySources(config).map((s) => [s.name, s]));
  const resolved: InventoryCluster[] = [];
  const unresolved: ClusterRef[] = [];
  for (const ref of refs) {
    const source = ref.source === undefined ? undefined : sources.get(ref.source);
    if (!source || source.provider !== ref.provider) {
      unresolved.push(ref);
      continue;
    }
    const scope = source.scopes.find(
      (s) => s.region === ref.region && s.projectId === ref.projectId,
    );
    resolved.push({
      key: clusterKey(ref),
      ref,
      endpoint: scope?.endpoint ?? defaultEndpoint(ref.provider, ref.region),
      credentials: source.credentials,
      policy: mergePolicy(config.defaults, source.overrides),
      healthProbes: [],
      origin: "discovered",
    });
  }
  return { resolved, unresolved };
}

/**
 * The inventory an invocation that did not list works on: the listed clusters, and the carried
 * discovered ones a listed cluster does not already cover (the listed settings win).
 */
export function withCarried(
  listed: readonly ResolvedCluster[],
  carried: readonly InventoryCluster[],
): ResolvedCluster[] {
  const keys = new Set(listed.map((c) => c.key));
  return [...listed, ...carried.filter((c) => !keys.has(c.key))];
}
