import type { OutcomeAction, SkipReason } from "../../events/outcomeDetails.ts";
import type { RequestedBy } from "../../events/requestedBy.ts";
import type { ClusterRef, Provider } from "../../model/cluster.ts";
import type { SnapshotSource } from "../../model/snapshot.ts";

/** The words every alert uses for the things events name, in one place. */
export const PROVIDER_NAMES: Record<Provider, string> = {
  cce: "Huawei CCE",
  "cce-autopilot": "Huawei CCE Autopilot",
  ack: "Alibaba ACK",
};

export const ACTION_NOUNS: Record<OutcomeAction, string> = {
  cancel: "cancel",
  resume: "resume",
  postcheck: "post-upgrade check",
  upgrade: "upgrade start",
};

export const SKIP_REASONS: Record<SkipReason, string> = {
  policy: "the policy does not allow it",
  "dry-run": "dry run: nothing was changed",
  "outside-window": "outside the maintenance window",
  "state-changed": "the upgrade changed state before the action",
  precondition: "the cloud's preconditions do not hold",
  "blast-radius": "too many clusters failed at once",
  "already-done": "the cloud says it is already done",
  unsupported: "this provider cannot do it",
  precheck: "the cloud's pre-upgrade check found problems",
  "precheck-running": "waiting for the cloud's pre-upgrade check",
};

/** Where a snapshot was read from, in the providers' own terms. */
export const SOURCE_NAMES: Record<SnapshotSource, string> = {
  "cce-task": "CCE upgrade task and workflow",
  "cce-cluster": "CCE ShowCluster only (no times, steps or task)",
  "ack-task": "ACK task API (DescribeTaskInfo)",
  "ack-upgrade-status": "ACK GetUpgradeStatus",
};

/** A step's icon by its status, lower-cased; any other status is `•`, none `⚪`. */
export const STEP_ICONS: Record<string, string> = {
  success: "✅",
  succeeded: "✅",
  running: "🔄",
  failed: "❌",
  fail: "❌",
  error: "❌",
  pause: "⏸️",
  paused: "⏸️",
  init: "⏳",
  queuing: "⏳",
  pending: "⏳",
  cancel: "🛑",
  cancelled: "🛑",
};

export const providerName = (p: Provider): string => PROVIDER_NAMES[p];

/** `prod-a`, or the cluster id when the cluster has no name. */
export const clusterDisplay = (c: ClusterRef): string => c.name ?? c.clusterId;

/** `Huawei CCE · cn-north-4`. */
export const clusterPlace = (c: ClusterRef): string => `${providerName(c.provider)} · ${c.region}`;

/** Who pressed, in words: a link cannot tell, so it says so rather than naming nobody. */
export function presser(by: RequestedBy): string {
  if (by.channel === "link") return `someone with the signed link (${by.receiver})`;
  const who =
    by.userName && by.userId ? `${by.userName} (${by.userId})` : (by.userName ?? by.userId);
  return `${who ?? "an unnamed user"} in ${by.receiver}`;
}
