import type { ProviderResponse } from "../client/types.ts";
import type { UpgradeSnapshot } from "../model/snapshot.ts";
import { mapAckSummary } from "./ackHistory.ts";
import { ackTaskPhase, mapAckLegacy, mapAckTask, newestUpgradeTask } from "./ackMap.ts";
import {
  AckTaskInfoSchema,
  AckTaskListSchema,
  type AckTaskSummary,
  AckTaskSummarySchema,
  AckUpgradeStatusSchema,
} from "./ackSchema.ts";
import { mapOrThrow, parseBody } from "./parse.ts";
import { pastUpgrades } from "./pastUpgrades.ts";
import type { ClusterTarget, ReadContext } from "./target.ts";

/**
 * The control-plane upgrade's `task_type` (the cs20151215 SDKs' DescribeEventsRequest type
 * list). `poll.ackUpgradeTaskType` overrides it; config refuses the old substring values.
 */
export const DEFAULT_ACK_UPGRADE_TASK_TYPE = "cluster_upgrade";
const PAGE_SIZE = 50;
/**
 * Bounds the task listing: an upgrade is recent, and a page costs a request per cluster. With
 * the `task_type` filter honoured, one page holds every cluster upgrade the cluster ever had.
 */
const MAX_PAGES = 4;

export const ackRequest = (target: ClusterTarget) => ({
  cloud: "alibaba" as const,
  endpoint: target.endpoint,
  credentials: target.credentials,
});

/**
 * The tasks of exactly `taskType`, across pages. The list is asked to filter by `task_type`
 * (the ACK CLI sends it; the SDK's request model does not list it), and filtered again here,
 * since a server that ignores the filter lists every task type.
 */
async function listUpgradeTasks(
  target: ClusterTarget,
  ctx: ReadContext,
  taskType: string,
): Promise<{ tasks: AckTaskSummary[]; lastPage: ProviderResponse | undefined }> {
  const tasks: AckTaskSummary[] = [];
  let lastPage: ProviderResponse | undefined;
  for (let page = 1; page <= MAX_PAGES; page++) {
    const res = await ctx.client.request({
      ...ackRequest(target),
      operation: "DescribeClusterTasks",
      method: "GET",
      path: `/clusters/${target.cluster.clusterId}/tasks`,
      query: { page_size: PAGE_SIZE, page_number: page, task_type: taskType },
    });
    lastPage = res;
    const body = parseBody(AckTaskListSchema, res, "alibaba", "DescribeClusterTasks");
    for (const raw of body.tasks) {
      if (raw.task_type !== taskType) continue;
      tasks.push(
        parseBody(AckTaskSummarySchema, { ...res, body: raw }, "alibaba", "DescribeClusterTasks"),
      );
    }
    const total = body.page_info?.total_count ?? 0;
    if (body.tasks.length < PAGE_SIZE || page * PAGE_SIZE >= total) break;
  }
  return { tasks, lastPage };
}

/**
 * Reads an ACK cluster's upgrade: the task API first (DescribeClusterTasks for the newest
 * `cluster_upgrade` task, then DescribeTaskInfo), plus GetUpgradeStatus while the task runs,
 * since older clusters show a pause or a precheck only there. Where the task API has no
 * upgrade task, GetUpgradeStatus alone. Throws `ProviderError` (kind `parse`, raw body kept)
 * for an answer it cannot read; an undocumented state is phase `unknown`, not an error.
 */
export async function readAckSnapshot(
  target: ClusterTarget,
  ctx: ReadContext,
): Promise<UpgradeSnapshot> {
  const { clusterId } = target.cluster;
  const taskType = target.ackUpgradeTaskType ?? DEFAULT_ACK_UPGRADE_TASK_TYPE;
  const { tasks, lastPage } = await listUpgradeTasks(target, ctx, taskType);
  const summary = lastPage
    ? mapOrThrow(
        () => newestUpgradeTask(tasks, taskType),
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
    return parseBody(AckUpgradeStatusSchema, res, "alibaba", "GetUpgradeStatus");
  };

  if (!summary) {
    const upgrade = mapAckLegacy(clusterId, await readStatus());
    return { cluster: target.cluster, readAt: ctx.now().toISOString(), upgrade };
  }
  const infoRes = await ctx.client.request({
    ...ackRequest(target),
    operation: "DescribeTaskInfo",
    method: "GET",
    path: `/tasks/${summary.task_id}`,
  });
  const info = parseBody(AckTaskInfoSchema, infoRes, "alibaba", "DescribeTaskInfo");
  const live = ackTaskPhase(info.state) === "running" ? await readStatus() : undefined;
  const upgrade = mapOrThrow(() => mapAckTask(info, live), infoRes, "alibaba", "DescribeTaskInfo");
  const history = pastUpgrades(tasks, summary, mapAckSummary);
  return {
    cluster: target.cluster,
    readAt: ctx.now().toISOString(),
    upgrade,
    ...(history.length > 0 ? { history } : {}),
  };
}
