import { ackTaskIds } from "../ackTasks.ts";
import type { Route } from "../routes.ts";
import type { SimCluster } from "../simCluster.ts";
import { providerOf } from "./requestRecorder.ts";

/**
 * The scenario's clusters by what a request's path names. One address serves every region and
 * no signature carries the region, so a path names its cluster by provider (the path's family),
 * project (CCE) and cluster id; cluster ids are unique in a scenario (`parseScenario` refuses a
 * duplicate), so the id finds at most one, and the provider and project must then agree.
 */
export class ClusterIndex {
  private readonly byId = new Map<string, SimCluster>();
  private readonly byAckTask = new Map<string, SimCluster>();

  constructor(readonly all: readonly SimCluster[]) {
    for (const sim of all) {
      this.byId.set(sim.config.clusterId, sim);
      if (sim.config.provider === "ack") {
        for (const id of ackTaskIds(sim)) this.byAckTask.set(id, sim);
      }
    }
  }

  /** The cluster a route's path names, or undefined (the gateway then answers not found). */
  forRoute(route: Route): SimCluster | undefined {
    if (route.cloud === "alibaba" && route.params.taskId !== undefined) {
      return this.byAckTask.get(route.params.taskId);
    }
    const sim = this.byId.get(route.params.clusterId ?? "");
    if (!sim || sim.config.provider !== providerOf(route)) return undefined;
    return route.cloud === "huawei" && sim.config.projectId !== route.params.projectId
      ? undefined
      : sim;
  }

  /** The cluster with this id, for `Simulator.upgradeState`. */
  byClusterId(clusterId: string): SimCluster | undefined {
    return this.byId.get(clusterId);
  }
}
