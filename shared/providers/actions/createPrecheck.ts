import * as z from "zod";
import { ackRequest } from "../ack.ts";
import { cceClusterPath, cceRequest } from "../cce.ts";
import { readClusterVersion } from "../clusterVersion.ts";
import { parseBody } from "../parse.ts";
import type { ClusterTarget } from "../target.ts";
import type { ActionCall, ActionContext } from "./actionCall.ts";
import { ACK_UPGRADE_CHECK } from "./listPrechecks.ts";

/** CreatePreCheck's answer (go-sdk `model_create_pre_check_response.go`): `metadata.uid` is the task id. */
const CceCreateAnswerSchema = z.union([
  z.null(),
  z.looseObject({ metadata: z.looseObject({ uid: z.string().min(1).nullish() }).nullish() }),
]);

/** RunClusterCheck's answer (ts-sdk `RunClusterCheckResponseBody.ts`): `check_id`, `request_id`. */
const AckRunAnswerSchema = z.union([
  z.null(),
  z.looseObject({ check_id: z.string().min(1).nullish() }),
]);

export interface CreatePrecheckResult extends ActionCall {
  /** The precheck the cloud created: CCE `metadata.uid`, ACK `check_id`; null when not sent. */
  precheckId: string | null;
}

/**
 * The body CCE and Autopilot expect (go-sdk `model_precheck_cluster_request_body.go`,
 * `model_precheck_spec.go`; the API page "Pre-upgrade Check", PreCheck.html):
 * `{kind: "PreCheckTask", apiVersion: "v3", spec: {clusterID, clusterVersion, targetVersion}}`.
 * The page marks the three spec fields mandatory (the SDK, optional): `clusterVersion` is "the
 * patch version of the current cluster"; `targetVersion` may be a major version, "the latest
 * patch version is automatically selected". `skippedCheckItemList` is left out: nothing is skipped.
 */
export const ccePrecheckBody = (
  clusterId: string,
  clusterVersion: string | undefined,
  targetVersion: string,
) => ({
  kind: "PreCheckTask",
  apiVersion: "v3",
  spec: {
    clusterID: clusterId,
    ...(clusterVersion ? { clusterVersion } : {}),
    targetVersion,
  },
});

/**
 * The body ACK expects (ts-sdk `RunClusterCheckRequest.ts`): `type` (required), `target` (a node
 * pool's id, for NodePoolUpgrade only) and `options` (a string map no source documents). The
 * upgrade check names no target version: ACK's records never say which version they checked.
 */
export const ackPrecheckBody = () => ({ type: ACK_UPGRADE_CHECK });

/**
 * Starts the cloud's pre-upgrade check for `targetVersion`. CCE and Autopilot: ShowCluster
 * (GET P) for the current `spec.version`, then CreatePreCheck (POST `{P}/operation/precheck`,
 * cce-upgrade-ops.json; `CreateAutopilotPreCheck` under /autopilot/v3). ACK: RunClusterCheck
 * (POST `/clusters/{cluster_id}/checks`, type ClusterUpgrade). Mutating: the signed client
 * retries a POST only on 429 and 503. A refusal is the cloud's ProviderError, thrown.
 */
export async function createPrecheck(
  target: ClusterTarget,
  ctx: ActionContext,
  targetVersion: string,
): Promise<CreatePrecheckResult> {
  if (target.cluster.provider === "ack") {
    const res = await ctx.client.request({
      ...ackRequest(target),
      operation: "RunClusterCheck",
      method: "POST",
      path: `/clusters/${target.cluster.clusterId}/checks`,
      body: ackPrecheckBody(),
    });
    const body = parseBody(AckRunAnswerSchema, res, "alibaba", "RunClusterCheck");
    return {
      operation: "RunClusterCheck",
      requestId: res.requestId ?? null,
      precheckId: body?.check_id ?? null,
    };
  }
  const version = await readClusterVersion(target, ctx);
  const res = await ctx.client.request({
    ...cceRequest(target),
    operation: "CreatePreCheck",
    method: "POST",
    path: `${cceClusterPath(target)}/operation/precheck`,
    body: ccePrecheckBody(target.cluster.clusterId, version ?? undefined, targetVersion),
  });
  const body = parseBody(CceCreateAnswerSchema, res, "huawei", "CreatePreCheck");
  return {
    operation: "CreatePreCheck",
    requestId: res.requestId ?? null,
    precheckId: body?.metadata?.uid ?? null,
  };
}
