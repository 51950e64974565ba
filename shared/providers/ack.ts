import type { ProviderResponse } from "../client/types.ts";
import type { UpgradeSnapshot } from "../model/snapshot.ts";
import { mapAckLegacy, mapAckTask, newestUpgradeTask } from "./ackMap.ts";
import {
  AckTaskInfoSchema,
  AckTaskListSchema,
  type AckTaskSummary,
  AckUpgradeStatusSchema,
} from "./ackSchema.ts";
import { mapOrThrow, parseBody } from "./parse.ts";
import type { ClusterTarget, ReadContext } from "./target.ts";

const PAGE_SIZE = 50;
/** Bounds the task listing: an upgrade is recent, and a page costs a request per cluster. */
const MAX_PAGES = 4;

export const ackRequest = (target: ClusterTarget) => ({
  cloud: "alibaba" as const,
  endpoint: target.endpoint,
  credentials: target.credentials,
});

/**
 * Reads an ACK cluster's upgrade: the task API first (DescribeClusterTasks, DescribeTaskInfo),
 * plus GetUpgradeStatus while the task runs, since a pause shows only there. Where the task
 * API has no upgrade task, GetUpgradeStatus alone.
 */
export async function readAckSnapshot(
  target: ClusterTarget,
  ctx: ReadContext,
): Promise<UpgradeSnapshot> {
  const { clusterId } = target.cluster;
  const tasks: AckTaskSummary[] = [];
  let lastPage: ProviderResponse | undefined;
  for (let page = 1; page <= MAX_PAGES; page++) {
    const res = await ctx.client.request({
      ...ackRequest(target),
      operation: "DescribeClusterTasks",
      method: "GET",
      path: `/clusters/${clusterId}/tasks`,
      query: { page_size: PAGE_SIZE, page_number: page },
    });
    lastPage = res;
    const body = parseBody(AckTaskListSchema, res, "alibaba", "DescribeClusterTasks");
    tasks.push(...body.tasks);
    const total = body.page_info?.total_count ?? 0;
    if (body.tasks.length < PAGE_SIZE || page * PAGE_SIZE >= total) break;
  }
  const typeMatch = ctx.adapters.ack.upgradeTaskType;
  const summary = lastPage
    ? mapOrThrow(
        () => newestUpgradeTask(tasks, typeMatch),
        lastPage,
        "alibaba",
        "DescribeClusterTasks",
      )
    : undefined;

  const readStatus = async () => {
    const res = await ctx.client.request({
      ...ackRequest(target),
      operation: "GetUpgradeStatus",
      method: "GET",
      path: `/api/v2/clusters/${clusterId}/upgrade/status`,
    });
    return { res, body: parseBody(AckUpgradeStatusSchema, res, "alibaba", "GetUpgradeStatus") };
  };

  if (!summary) {
    const status = await readStatus();
    const upgrade = mapAckLegacy(clusterId, status.body);
    return { cluster: target.cluster, readAt: ctx.now().toISOString(), upgrade };
  }
  const infoRes = await ctx.client.request({
    ...ackRequest(target),
    operation: "DescribeTaskInfo",
    method: "GET",
    path: `/tasks/${summary.task_id}`,
  });
  const info = parseBody(AckTaskInfoSchema, infoRes, "alibaba", "DescribeTaskInfo");
  const live = info.state === "running" ? (await readStatus()).body : undefined;
  const upgrade = mapOrThrow(() => mapAckTask(info, live), infoRes, "alibaba", "DescribeTaskInfo");
  return { cluster: target.cluster, readAt: ctx.now().toISOString(), upgrade };
}
