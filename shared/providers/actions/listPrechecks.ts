import { ackRequest } from "../ack.ts";
import { cceClusterPath, cceRequest } from "../cce.ts";
import { mapOrThrow, parseBody } from "../parse.ts";
import type { ClusterTarget } from "../target.ts";
import type { ActionContext } from "./actionCall.ts";
import {
  AckCheckListSchema,
  AckCheckSchema,
  CcePrecheckListSchema,
  mapAckCheck,
  mapAckCheckDetail,
  mapCcePrecheck,
  type PrecheckRecord,
} from "./precheckRecord.ts";

/** ACK's check type for the cluster upgrade check (ts-sdk `ListClusterChecksRequest.ts`). */
export const ACK_UPGRADE_CHECK = "ClusterUpgrade";

/**
 * The cloud's pre-upgrade checks of a cluster, as records (order as sent; the caller picks the
 * newest): CCE and Autopilot ListPreCheckTasks (GET `{P}/operation/precheck/tasks`, go-sdk
 * `ListPreCheckTasks` / `ListAutopilotPreCheckTasks`), whose items carry their check items; ACK
 * ListClusterChecks (GET `/clusters/{cluster_id}/checks?type=ClusterUpgrade`, cs20151215), filtered
 * again by `type` here, without items (`showPrecheck` reads them). Read-only. A refusal or an
 * answer that does not parse is the cloud's ProviderError, thrown.
 */
export async function listPrechecks(
  target: ClusterTarget,
  ctx: ActionContext,
): Promise<PrecheckRecord[]> {
  if (target.cluster.provider === "ack") {
    const res = await ctx.client.request({
      ...ackRequest(target),
      operation: "ListClusterChecks",
      method: "GET",
      path: `/clusters/${target.cluster.clusterId}/checks`,
      query: { type: ACK_UPGRADE_CHECK },
    });
    const body = parseBody(AckCheckListSchema, res, "alibaba", "ListClusterChecks");
    const upgradeChecks = body.checks.filter(
      (c) => (c.type ?? ACK_UPGRADE_CHECK) === ACK_UPGRADE_CHECK,
    );
    return mapOrThrow(() => upgradeChecks.map(mapAckCheck), res, "alibaba", "ListClusterChecks");
  }
  const res = await ctx.client.request({
    ...cceRequest(target),
    operation: "ListPreCheckTasks",
    method: "GET",
    path: `${cceClusterPath(target)}/operation/precheck/tasks`,
  });
  const body = parseBody(CcePrecheckListSchema, res, "huawei", "ListPreCheckTasks");
  return mapOrThrow(() => body.items.map(mapCcePrecheck), res, "huawei", "ListPreCheckTasks");
}

/**
 * ACK GetClusterCheck (GET `/clusters/{cluster_id}/checks/{check_id}`): one check with its
 * `check_items`, for the findings the list does not carry.
 */
export async function showAckCheck(
  target: ClusterTarget,
  ctx: ActionContext,
  checkId: string,
): Promise<PrecheckRecord> {
  const res = await ctx.client.request({
    ...ackRequest(target),
    operation: "GetClusterCheck",
    method: "GET",
    path: `/clusters/${target.cluster.clusterId}/checks/${checkId}`,
  });
  const body = parseBody(AckCheckSchema, res, "alibaba", "GetClusterCheck");
  return mapOrThrow(() => mapAckCheckDetail(body), res, "alibaba", "GetClusterCheck");
}
