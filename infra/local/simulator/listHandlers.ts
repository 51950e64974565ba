import { ackPaging } from "./ackPaging.ts";
import { renderAckCluster } from "./ackRender.ts";
import type { HandlerResult } from "./cceHandlers.ts";
import { renderCceCluster } from "./cceRender.ts";
import type { Route } from "./routes.ts";
import { existsAt, type SimCluster, upgradeStateOf } from "./simCluster.ts";

export interface ListInput {
  route: Route;
  clusters: readonly SimCluster[];
  /** The access key that signed the request: a cluster with an owner key is shown only to it. */
  ak: string;
  query: Record<string, string>;
  now: number;
  requestId: string;
}

const visibleTo = (cluster: SimCluster, ak: string, now: number): boolean =>
  existsAt(cluster, now) &&
  (cluster.config.credentials === undefined || cluster.config.credentials === ak);

/**
 * The list operations. CCE ListClusters / Autopilot ListAutopilotClusters: every cluster of the
 * project and family, in one body with no paging (go-sdk has no paging parameter); the query
 * filters are ignored, as the client re-applies its own. ACK DescribeClustersV1: the account's
 * clusters, `region_id` and `cluster_type` filtered exactly and `name` as a substring (the page
 * calls it fuzzy), paged by `page_size` (default 10, the SDK's example) and `page_number`.
 */
export function handleList(input: ListInput): HandlerResult {
  const { route, now } = input;
  const mine = input.clusters.filter((c) => visibleTo(c, input.ak, now));
  if (route.cloud === "huawei") {
    const provider = route.family === "autopilot" ? "cce-autopilot" : "cce";
    const items = mine
      .filter(
        (c) => c.config.provider === provider && c.config.projectId === route.params.projectId,
      )
      .map((c) => renderCceCluster(c, upgradeStateOf(c, now)));
    return {
      response: { status: 200, body: { kind: "Cluster", apiVersion: "v3", items } },
      mutated: false,
    };
  }
  const q = input.query;
  const paging = ackPaging(q, input.requestId);
  if ("refused" in paging) return paging.refused;
  const { pageSize, pageNumber } = paging;
  const all = mine.filter(
    (c) =>
      c.config.provider === "ack" &&
      (q.region_id === undefined || c.config.region === q.region_id) &&
      (q.cluster_type === undefined ||
        (c.config.clusterType ?? "ManagedKubernetes") === q.cluster_type) &&
      (q.name === undefined || c.config.name.includes(q.name)),
  );
  const page = all.slice((pageNumber - 1) * pageSize, pageNumber * pageSize);
  return {
    response: {
      status: 200,
      body: {
        clusters: page.map((c) => renderAckCluster(c, upgradeStateOf(c, now))),
        page_info: { page_number: pageNumber, page_size: pageSize, total_count: all.length },
      },
    },
    mutated: false,
  };
}
