import { existsAt } from "../simCluster.ts";
import { errorsFor } from "./cloudErrors.ts";
import type { ClusterIndex } from "./clusterIndex.ts";
import { answer, type GatewayStep, routed } from "./exchange.ts";

/**
 * The cluster (or ACK task) the path names, if it exists at the scenario's `now` (created and
 * not yet deleted), or the cloud's not-found answer. A list operation names no cluster: it goes on.
 */
export function locate(index: ClusterIndex, now: () => number): GatewayStep {
  return (x) => {
    const route = routed(x);
    if (route.list) return undefined;
    const cluster = index.forRoute(route);
    if (!cluster || !existsAt(cluster, now())) {
      return answer(errorsFor(route.cloud).notFound(route, x.requestId));
    }
    x.cluster = cluster;
    x.recorder.located(cluster.config);
    return undefined;
  };
}
