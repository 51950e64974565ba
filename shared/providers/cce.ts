import type { Provider } from "../model/cluster.ts";
import type { UpgradeSnapshot } from "../model/snapshot.ts";
import { mapCceUpgrade, newestTask, workflowOf } from "./cceMap.ts";
import { CceTaskListSchema, CceWorkflowListSchema } from "./cceSchema.ts";
import { mapOrThrow, parseBody } from "./parse.ts";
import type { ClusterTarget, ReadContext } from "./target.ts";

/** CCE and CCE Autopilot differ only by the path prefix. */
export const ccePrefix = (provider: Provider): string =>
  provider === "cce-autopilot" ? "/autopilot/v3" : "/api/v3";

/** `/…/projects/{project}/clusters/{cluster}`: the base of every CCE upgrade path. */
export function cceClusterPath(target: ClusterTarget): string {
  const { provider, projectId, clusterId } = target.cluster;
  return `${ccePrefix(provider)}/projects/${projectId ?? ""}/clusters/${clusterId}`;
}

export const cceRequest = (target: ClusterTarget) => ({
  cloud: "huawei" as const,
  endpoint: target.endpoint,
  credentials: target.credentials,
  projectId: target.cluster.projectId,
});

/** Reads the upgrade tasks and workflows, and joins the newest task to its workflow. */
export async function readCceSnapshot(
  target: ClusterTarget,
  ctx: ReadContext,
): Promise<UpgradeSnapshot> {
  const base = cceClusterPath(target);
  const tasksRes = await ctx.client.request({
    ...cceRequest(target),
    operation: "ListUpgradeClusterTasks",
    method: "GET",
    path: `${base}/operation/upgrade/tasks`,
  });
  const tasks = parseBody(CceTaskListSchema, tasksRes, "huawei", "ListUpgradeClusterTasks").items;
  const task = mapOrThrow(() => newestTask(tasks), tasksRes, "huawei", "ListUpgradeClusterTasks");
  if (!task) return { cluster: target.cluster, readAt: ctx.now().toISOString(), upgrade: null };

  const flowsRes = await ctx.client.request({
    ...cceRequest(target),
    operation: "ListUpgradeWorkFlows",
    method: "GET",
    path: `${base}/operation/upgradeworkflows`,
  });
  const flows = parseBody(CceWorkflowListSchema, flowsRes, "huawei", "ListUpgradeWorkFlows").items;
  const upgrade = mapOrThrow(
    () => mapCceUpgrade(task, workflowOf(task, flows)),
    flowsRes,
    "huawei",
    "ListUpgradeWorkFlows",
  );
  return { cluster: target.cluster, readAt: ctx.now().toISOString(), upgrade };
}
