import { describeAckCluster } from "./actions/describeAckCluster.ts";
import { showCceCluster } from "./cce.ts";
import type { ClusterTarget, ReadContext } from "./target.ts";

/**
 * The version the cluster runs now, or null when the answer names none. CCE and Autopilot:
 * ShowCluster (GET P) `spec.version` (huaweicloud-sdk-go-v3 `services/cce/v3/model/model_cluster_spec.go`,
 * `Version`); ACK: DescribeClusterDetail `current_version` (cs-20151215
 * `DescribeClusterDetailResponseBody.currentVersion`). docs/cloud-apis.md, "Rollouts". One GET.
 * Throws `ProviderError`: what the signed client throws for a refusal or a transport failure,
 * and kind `parse`, with the raw body, for an answer that does not fit the schema.
 */
export async function readClusterVersion(
  target: ClusterTarget,
  ctx: Pick<ReadContext, "client">,
): Promise<string | null> {
  if (target.cluster.provider === "ack") {
    return (await describeAckCluster(target, { client: ctx.client })).currentVersion;
  }
  return (await showCceCluster(target, ctx)).spec?.version || null;
}
