import type { ResolvedCluster } from "../config/resolveClusters.ts";
import type { ClusterTarget } from "../providers/target.ts";
import type { ActionDeps } from "./actionDeps.ts";

/**
 * How to reach the cluster, from the config as it is now (not as the poll saw it). Throws the
 * credential set's ConfigError when the set could not be loaded.
 */
export const actionTarget = (
  cluster: ResolvedCluster,
  deps: Pick<ActionDeps, "credentials">,
): ClusterTarget => ({
  cluster: cluster.ref,
  endpoint: cluster.endpoint,
  credentials: deps.credentials.get(cluster.credentials),
});
