import type { SimCluster } from "./simCluster.ts";
import type { UpgradeState } from "./upgradeState.ts";

/** ACK starts its own add-on upgrade this long after a cluster upgrade succeeds. */
const ADDON_AFTER_MS = 30_000;
const ADDON_DURATION_MS = 180_000;

/** An ACK task other than the cluster upgrade, as it stands at some moment. */
export interface AckOtherTaskView {
  id: string;
  taskType: string;
  startMs: number;
  /** When it ended (success, fail or cancel), or null while it runs. */
  endMs: number | null;
  state: "running" | "success" | "fail" | "canceled";
}

/**
 * The cluster's other tasks at `now`, started ones only: the scenario's `ackTasks` and, after a
 * successful cluster upgrade, the `cluster_addon_upgrade` task ACK starts itself.
 */
export function ackOtherTasks(
  cluster: SimCluster,
  state: UpgradeState | null,
  now: number,
): AckOtherTaskView[] {
  const all = cluster.ackOtherTasks.map((t) => ({
    id: t.id,
    taskType: t.taskType,
    startMs: t.startMs,
    durationMs: t.duration,
    outcome: t.outcome,
  }));
  if (
    cluster.config.upgrade?.ackAddonUpgradeAfter &&
    state?.status === "succeeded" &&
    state.finishedAt !== null
  ) {
    all.push({
      id: cluster.ids.ackAddonAfter,
      taskType: "cluster_addon_upgrade",
      startMs: state.finishedAt + ADDON_AFTER_MS,
      durationMs: ADDON_DURATION_MS,
      outcome: "success",
    });
  }
  const views: AckOtherTaskView[] = [];
  for (const t of all) {
    if (t.startMs > now) continue;
    const end = t.startMs + t.durationMs;
    const cancelledAt = cluster.ackOtherCancels.get(t.id);
    if (cancelledAt !== undefined && cancelledAt <= now && cancelledAt < end) {
      views.push({ ...t, endMs: cancelledAt, state: "canceled" });
    } else if (end > now) {
      views.push({ ...t, endMs: null, state: "running" });
    } else {
      views.push({ ...t, endMs: end, state: t.outcome });
    }
  }
  return views;
}

/** Every id an ACK cluster's tasks can have, for routing `/tasks/{task_id}`. */
export const ackTaskIds = (cluster: SimCluster): string[] => [
  cluster.ids.ackTask,
  cluster.ids.ackAddonAfter,
  ...cluster.ackOtherTasks.map((t) => t.id),
];
