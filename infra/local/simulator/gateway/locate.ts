import { errorsFor } from "./cloudErrors.ts";
import type { ClusterIndex } from "./clusterIndex.ts";
import { answer, type GatewayStep, routed } from "./exchange.ts";

/** The cluster (or ACK task) the path names, or the cloud's not-found answer. */
export function locate(index: ClusterIndex): GatewayStep {
  return (x) => {
    const route = routed(x);
    const cluster = index.forRoute(route);
    if (!cluster) return answer(errorsFor(route.cloud).notFound(route, x.requestId));
    x.cluster = cluster;
    x.recorder.located(cluster.config);
    return undefined;
  };
}
