import type { ProviderResponse } from "../client/types.ts";
import { ProviderError } from "../errors.ts";
import type { Provider } from "../model/cluster.ts";
import type { ReadDegradation, Upgrade, UpgradeSnapshot } from "../model/snapshot.ts";
import { mapCceCluster, mapCceUpgrade, newestTask, workflowOf } from "./cceMap.ts";
import {
  type CceCluster,
  CceClusterSchema,
  CceTaskListSchema,
  CceWorkflowListSchema,
} from "./cceSchema.ts";
import { upgradeApiRefused } from "./cceUpgradeApiRefused.ts";
import { mapOrThrow, parseBody } from "./parse.ts";
import { pastUpgrades } from "./pastUpgrades.ts";
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

/** A GET under the cluster's path; a refusal of the upgrade APIs is returned, not thrown. */
async function get(
  target: ClusterTarget,
  ctx: ReadContext,
  operation: string,
  suffix: string,
): Promise<ProviderResponse | ProviderError> {
  try {
    return await ctx.client.request({
      ...cceRequest(target),
      operation,
      method: "GET",
      path: `${cceClusterPath(target)}${suffix}`,
    });
  } catch (error) {
    if (upgradeApiRefused(error)) return error;
    throw error;
  }
}

const degradation = (refusal: ProviderError): ReadDegradation => ({
  reason: "upgrade-api-unavailable",
  operation: refusal.operation,
  code: refusal.code ?? (refusal.status === undefined ? null : `HTTP ${refusal.status}`),
  message: refusal.providerMessage ?? refusal.message,
});

/**
 * Reads the upgrade tasks and workflows, and joins the newest task to its workflow. When the
 * account's upgrade APIs are refused (see `upgradeApiRefused`): a refused task list falls back to
 * ShowCluster (source `cce-cluster`); a refused workflow list keeps the task without its steps.
 * Either way the snapshot's `degraded` names the refused operation with the cloud's code and
 * message. A ShowCluster that fails too fails the read with its own error.
 */
export async function readCceSnapshot(
  target: ClusterTarget,
  ctx: ReadContext,
): Promise<UpgradeSnapshot> {
  const snapshot = (
    upgrade: Upgrade | null,
    refusal?: ProviderError,
    history: Upgrade[] = [],
  ): UpgradeSnapshot => ({
    cluster: target.cluster,
    readAt: ctx.now().toISOString(),
    upgrade,
    ...(refusal ? { degraded: degradation(refusal) } : {}),
    ...(history.length > 0 ? { history } : {}),
  });

  const tasksRes = await get(target, ctx, "ListUpgradeClusterTasks", "/operation/upgrade/tasks");
  if (tasksRes instanceof ProviderError)
    return snapshot(await readShowCluster(target, ctx), tasksRes);
  const tasks = parseBody(CceTaskListSchema, tasksRes, "huawei", "ListUpgradeClusterTasks").items;
  const task = mapOrThrow(() => newestTask(tasks), tasksRes, "huawei", "ListUpgradeClusterTasks");
  if (!task) return snapshot(null);

  const flowsRes = await get(target, ctx, "ListUpgradeWorkFlows", "/operation/upgradeworkflows");
  if (flowsRes instanceof ProviderError) {
    const alone = mapOrThrow(
      () => mapCceUpgrade(task, undefined),
      tasksRes,
      "huawei",
      "ListUpgradeClusterTasks",
    );
    return snapshot(
      alone,
      flowsRes,
      pastUpgrades(tasks, task, (t) => mapCceUpgrade(t, undefined)),
    );
  }
  const flows = parseBody(CceWorkflowListSchema, flowsRes, "huawei", "ListUpgradeWorkFlows").items;
  const upgrade = mapOrThrow(
    () => mapCceUpgrade(task, workflowOf(task, flows)),
    flowsRes,
    "huawei",
    "ListUpgradeWorkFlows",
  );
  // Every task is in the list already read, and each joins its workflow by the Cluster step's
  // taskID as the current one does: the history costs no request.
  return snapshot(
    upgrade,
    undefined,
    pastUpgrades(tasks, task, (t) => mapCceUpgrade(t, workflowOf(t, flows))),
  );
}

/** ShowCluster (GET P): the cluster's phase and version, for an account without the upgrade APIs. */
async function readShowCluster(target: ClusterTarget, ctx: ReadContext): Promise<Upgrade | null> {
  return mapCceCluster(target.cluster, await showCceCluster(target, ctx));
}

/**
 * ShowCluster (GET P, Autopilot under /autopilot/v3): `status.phase` and `spec.version`
 * (`CceClusterSchema`). The one request for the poll's fallback read, a rollout's running-version
 * read and CreatePreCheck's `clusterVersion`. Throws the signed client's `ProviderError`, and a
 * `parse` ProviderError with the raw body for an answer that does not fit.
 */
export async function showCceCluster(
  target: ClusterTarget,
  ctx: Pick<ReadContext, "client">,
): Promise<CceCluster> {
  const res = await ctx.client.request({
    ...cceRequest(target),
    operation: "ShowCluster",
    method: "GET",
    path: cceClusterPath(target),
  });
  return parseBody(CceClusterSchema, res, "huawei", "ShowCluster");
}
