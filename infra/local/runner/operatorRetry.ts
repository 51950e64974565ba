import type { SignedClient } from "../../../shared/client/index.ts";
import { cceClusterPath, cceRequest } from "../../../shared/providers/cce.ts";
import type { ClusterTarget } from "../../../shared/providers/target.ts";

/**
 * What the rollout demo's operator does once the cause of a failed upgrade is fixed: retries the
 * failed upgrade task, as the CCE console's Retry does, with RetryUpgradeClusterTask
 * (`POST {P}/operation/upgrade/retry`, no body, an empty answer: API.md, cce-upgrade-ops.json,
 * go-sdk `model_retry_upgrade_cluster_task_request.go` and `_response.go`; the Autopilot path
 * starts `/autopilot/v3`). The product never retries an upgrade itself: this is the person's
 * step in the demo's story, signed with the cluster's own key. Returns the HTTP status; a
 * refusal throws the cloud's ProviderError. ACK documents no retry of a failed cluster upgrade,
 * so an ACK cluster is refused here (`null`) rather than sent anything.
 */
export async function operatorRetry(
  target: ClusterTarget,
  client: SignedClient,
): Promise<number | null> {
  if (target.cluster.provider === "ack") return null;
  const res = await client.request({
    ...cceRequest(target),
    operation: "RetryUpgradeClusterTask",
    method: "POST",
    path: `${cceClusterPath(target)}/operation/upgrade/retry`,
  });
  return res.status;
}
