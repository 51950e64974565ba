import type { PastUpgradeRun, SimCluster } from "./simCluster.ts";
import { ackIsoTime, ackStageTime, huaweiTime } from "./timeFormat.ts";

/** The cluster's past upgrades finished by `now`, newest first. */
export const finishedPastUpgrades = (cluster: SimCluster, now: number): PastUpgradeRun[] =>
  cluster.pastUpgrades
    .filter((p) => p.startMs + p.took <= now)
    .sort((a, b) => b.startMs - a.startMs);

/** PreCheck a tenth, Snapshot a tenth, Cluster the rest; a failure or cancel ends in Cluster. */
function stepsOf(p: PastUpgradeRun) {
  const tenth = Math.round(p.took / 10);
  return [
    { name: "PreCheck", start: p.startMs, end: p.startMs + tenth, ok: true },
    { name: "Snapshot", start: p.startMs + tenth, end: p.startMs + 2 * tenth, ok: true },
    {
      name: "Cluster",
      start: p.startMs + 2 * tenth,
      end: p.startMs + p.took,
      ok: p.outcome === "success",
    },
  ];
}

const CCE_PHASE = { success: "Success", failed: "Failed", cancelled: "Failed" } as const;

/** A past UpgradeTask as ListUpgradeClusterTasks lists it (the documented example's shape). */
export function renderCcePastTask(p: PastUpgradeRun): Record<string, unknown> {
  const end = huaweiTime(p.startMs + p.took, "CST");
  return {
    kind: "UpgradeTask",
    apiVersion: "v3",
    metadata: {
      uid: p.taskId,
      creationTimestamp: huaweiTime(p.startMs, "CST"),
      updateTimestamp: end,
    },
    spec: { version: p.from, targetVersion: p.to },
    status: {
      phase: CCE_PHASE[p.outcome],
      progress: p.outcome === "success" ? "100.00" : "60.00",
      completionTime: end,
    },
  };
}

/** Its workflow: Success, Pending (a step failed) or Cancel, with the three steps' points. */
export function renderCcePastWorkflow(
  cluster: SimCluster,
  p: PastUpgradeRun,
): Record<string, unknown> {
  const phase = p.outcome === "success" ? "Success" : p.outcome === "failed" ? "Pending" : "Cancel";
  const points = stepsOf(p).map((s) => ({
    taskType: s.name,
    taskID:
      s.name === "Cluster"
        ? p.taskId
        : `${p.taskId.slice(0, -4)}${s.name === "PreCheck" ? "0001" : "0002"}`,
    status: s.ok ? "Success" : "Failed",
    startTimeStamp: huaweiTime(s.start, "UTC"),
    endTimeStamp: huaweiTime(s.end, "UTC"),
  }));
  return {
    kind: "WorkFlowTask",
    apiVersion: "v3",
    metadata: {
      uid: p.workflowId,
      creationTimestamp: huaweiTime(p.startMs, "UTC"),
      updateTimestamp: huaweiTime(p.startMs + p.took, "UTC"),
    },
    spec: { clusterID: cluster.config.clusterId, clusterVersion: p.from, targetVersion: p.to },
    status: { phase, pointStatuses: [...points, { taskType: "PostCheck" }] },
  };
}

const ACK_STATE = { success: "success", failed: "fail", cancelled: "canceled" } as const;

/** A past `cluster_upgrade` task as DescribeClusterTasks lists it. */
export function renderAckPastSummary(p: PastUpgradeRun, taskType: string): Record<string, unknown> {
  return {
    task_id: p.ackTaskId,
    task_type: taskType,
    state: ACK_STATE[p.outcome],
    created: ackIsoTime(p.startMs),
    updated: ackIsoTime(p.startMs + p.took, true),
    ...(p.outcome === "failed"
      ? { error: { code: "400", message: "upgrade of master nodes failed" } }
      : {}),
  };
}

/** DescribeTaskInfo of a past task: its stages (zone-less times) and versions in `parameters`. */
export function renderAckPastInfo(
  cluster: SimCluster,
  p: PastUpgradeRun,
  taskType: string,
): Record<string, unknown> {
  return {
    ...renderAckPastSummary(p, taskType),
    cluster_id: cluster.config.clusterId,
    current_stage: "UpgradeMaster",
    stages: stepsOf(p).map((s) => ({
      state: s.ok ? "success" : ACK_STATE[p.outcome],
      start_time: ackStageTime(s.start),
      end_time: ackStageTime(s.end),
    })),
    parameters: { version: p.from, next_version: p.to },
    events: [],
  };
}
