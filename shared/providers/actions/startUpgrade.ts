import * as z from "zod";
import { ackRequest } from "../ack.ts";
import { cceClusterPath, cceRequest } from "../cce.ts";
import { parseBody } from "../parse.ts";
import type { ClusterTarget } from "../target.ts";
import type { ActionCall, ActionContext } from "./actionCall.ts";

/**
 * CCE / Autopilot UpgradeCluster answer (go-sdk `model_upgrade_cluster_response.go`,
 * `model_upgrade_cluser_response_metadata.go`): `metadata.uid` is the upgrade task's id. Every
 * field is optional in the SDK, so a body without it is still a start the cloud accepted.
 */
const CceUpgradeAnswerSchema = z.union([
  z.null(),
  z.looseObject({
    metadata: z.looseObject({ uid: z.string().min(1).nullish() }).nullish(),
  }),
]);

/** ACK UpgradeCluster answer (ts-sdk `UpgradeClusterResponseBody.ts`): `task_id`, `cluster_id`, `request_id`. */
const AckUpgradeAnswerSchema = z.union([
  z.null(),
  z.looseObject({ task_id: z.string().min(1).nullish() }),
]);

export interface StartUpgradeResult extends ActionCall {
  /** The upgrade task the cloud created: CCE `metadata.uid`, ACK `task_id`; null when not sent. */
  taskId: string | null;
}

/**
 * The body CCE and Autopilot expect (go-sdk `model_upgrade_cluster_request_body.go`,
 * `model_upgrade_spec.go`, `model_cluster_upgrade_action.go`, `model_upgrade_strategy.go`):
 * `metadata{apiVersion "v3", kind "UpgradeTask"}` and `spec.clusterUpgradeAction` with
 * `targetVersion` (required) and `strategy` (required, `type` is "currently only
 * inPlaceRollingUpdate"). The optional fields (`addons`, `nodeOrder`, `nodePoolOrder`,
 * `isOnlyUpgrade`, `agencyName`, `strategy.inPlaceRollingUpdate`) are left to CCE's defaults;
 * `isOnlyUpgrade` absent means CCE runs its own precheck first.
 */
export const cceUpgradeBody = (targetVersion: string) => ({
  metadata: { apiVersion: "v3", kind: "UpgradeTask" },
  spec: {
    clusterUpgradeAction: { targetVersion, strategy: { type: "inPlaceRollingUpdate" } },
  },
});

/**
 * The body ACK expects (ts-sdk `UpgradeClusterRequest.ts`): `next_version`. `version` and
 * `component_name` are deprecated ("use next_version"), `master_only` and `rolling_policy` are
 * left to ACK's defaults.
 */
export const ackUpgradeBody = (nextVersion: string) => ({ next_version: nextVersion });

/**
 * Starts a cluster upgrade to `targetVersion`: CCE and Autopilot `UpgradeCluster`
 * (POST `{P}/operation/upgrade`, cce-upgrade-ops.json; the Autopilot SDK's
 * UpgradeAutopilotClusterRequest carries the same body), ACK `UpgradeCluster`
 * (POST `/api/v2/clusters/{ClusterId}/upgrade`, cs20151215-ops.json). Mutating and not
 * idempotent: the signed client retries a POST only on 429 and 503, where the cloud did not act.
 * A refusal (an upgrade already running, a version the cluster cannot go to) is the cloud's
 * ProviderError, thrown for the caller to settle with a fresh read.
 */
export async function startUpgrade(
  target: ClusterTarget,
  ctx: ActionContext,
  targetVersion: string,
): Promise<StartUpgradeResult> {
  if (target.cluster.provider === "ack") {
    const res = await ctx.client.request({
      ...ackRequest(target),
      operation: "UpgradeCluster",
      method: "POST",
      path: `/api/v2/clusters/${target.cluster.clusterId}/upgrade`,
      body: ackUpgradeBody(targetVersion),
    });
    const body = parseBody(AckUpgradeAnswerSchema, res, "alibaba", "UpgradeCluster");
    return {
      operation: "UpgradeCluster",
      requestId: res.requestId ?? null,
      taskId: body?.task_id ?? null,
    };
  }
  const res = await ctx.client.request({
    ...cceRequest(target),
    operation: "UpgradeCluster",
    method: "POST",
    path: `${cceClusterPath(target)}/operation/upgrade`,
    body: cceUpgradeBody(targetVersion),
  });
  const body = parseBody(CceUpgradeAnswerSchema, res, "huawei", "UpgradeCluster");
  return {
    operation: "UpgradeCluster",
    requestId: res.requestId ?? null,
    taskId: body?.metadata?.uid ?? null,
  };
}
