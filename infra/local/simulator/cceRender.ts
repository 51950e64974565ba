import type { SimCluster } from "./simCluster.ts";
import { currentVersion } from "./simCluster.ts";
import { huaweiTime } from "./timeFormat.ts";
import type { Step, UpgradeState } from "./upgradeState.ts";

/** The upgrade task's phase as CCE spells it (Init, Queuing, Running, Pause, Success, Failed). */
export function cceTaskPhase(state: UpgradeState): string {
  switch (state.status) {
    case "paused":
      return "Pause";
    case "succeeded":
      return "Success";
    case "failed":
    case "cancelled":
      return "Failed";
    default:
      return "Running";
  }
}

/**
 * An UpgradeTask as ListUpgradeClusterTasks / ShowUpgradeClusterTask return it. Like the
 * documented example, `completionTime` is filled even before the task ends (it then equals
 * `updateTimestamp`), so only the phase says whether the task is over.
 */
export function renderCceTask(cluster: SimCluster, state: UpgradeState): Record<string, unknown> {
  const updated = huaweiTime(state.updatedAt, "CST");
  return {
    kind: "UpgradeTask",
    apiVersion: "v3",
    metadata: {
      uid: cluster.ids.task,
      creationTimestamp: huaweiTime(state.taskCreatedAt ?? state.startedAt, "CST"),
      updateTimestamp: updated,
    },
    spec: {
      version: cluster.config.version,
      targetVersion: cluster.config.targetVersion,
    },
    status: {
      phase: cceTaskPhase(state),
      progress: state.progress.toFixed(2),
      completionTime: state.finishedAt === null ? updated : huaweiTime(state.finishedAt, "CST"),
    },
  };
}

const POINT_STATUS: Record<Step["state"], string> = {
  running: "Running",
  paused: "Pause",
  success: "Success",
  failed: "Failed",
  cancelled: "Failed",
};

function point(
  taskType: string,
  step: Step | undefined,
  taskID: string,
  expire: boolean,
): Record<string, unknown> {
  if (!step) return { taskType };
  const out: Record<string, unknown> = {
    taskType,
    taskID,
    status: POINT_STATUS[step.state],
    startTimeStamp: huaweiTime(step.start, "UTC"),
  };
  if (step.end !== null) out.endTimeStamp = huaweiTime(step.end, "UTC");
  if (expire && step.end !== null) out.expireTimeStamp = huaweiTime(step.end + 3_600_000, "UTC");
  return out;
}

/**
 * The workflow's phase: Cancel once cancelled; Pending when a step failed; Success only once the
 * upgrade and its PostCheck both succeeded; Running while a step runs; Init when nothing runs.
 */
export function cceWorkflowPhase(state: UpgradeState): string {
  if (state.workflowCancelledAt !== null) return "Cancel";
  const lastPostcheck = state.postchecks[state.postchecks.length - 1];
  if (state.status === "failed" || state.status === "cancelled") return "Pending";
  if (lastPostcheck && lastPostcheck.result !== "Success") return "Pending";
  if (state.status === "succeeded") return lastPostcheck ? "Success" : "Init";
  return "Running";
}

/** A WorkFlowTask, shaped like the documented UpgradeWorkFlowUpdate example (times in UTC). */
export function renderCceWorkflow(
  cluster: SimCluster,
  state: UpgradeState,
): Record<string, unknown> {
  const step = (name: Step["name"]) => state.steps.find((s) => s.name === name);
  const postcheck = state.postchecks[state.postchecks.length - 1];
  const hasSnapshot = step("snapshot") !== undefined;
  const updated = Math.max(state.updatedAt, state.workflowCancelledAt ?? 0, postcheck?.at ?? 0);
  const postcheckPoint: Record<string, unknown> = postcheck
    ? {
        taskType: "PostCheck",
        taskID: postcheck.uid,
        status: postcheck.result === "Success" ? "Success" : "Failed",
        startTimeStamp: huaweiTime(postcheck.at, "UTC"),
        endTimeStamp: huaweiTime(postcheck.at, "UTC"),
      }
    : { taskType: "PostCheck" };
  const line = (from: string, to: string) => ({
    startPoint: { taskType: from },
    endPoint: { taskType: to },
  });
  return {
    kind: "WorkFlowTask",
    apiVersion: "v3",
    metadata: {
      uid: cluster.ids.workflow,
      creationTimestamp: huaweiTime(state.startedAt, "UTC"),
      updateTimestamp: huaweiTime(updated, "UTC"),
    },
    spec: {
      clusterID: cluster.config.clusterId,
      clusterVersion: cluster.config.version,
      targetVersion: cluster.config.targetVersion,
    },
    status: {
      phase: cceWorkflowPhase(state),
      pointStatuses: [
        point("PreCheck", step("precheck"), cluster.ids.precheck, true),
        point("Snapshot", step("snapshot"), cluster.ids.snapshot, false),
        point("Cluster", step("upgrade"), cluster.ids.task, false),
        postcheckPoint,
      ],
      lineStatuses: hasSnapshot
        ? [line("PreCheck", "Snapshot"), line("Snapshot", "Cluster"), line("Cluster", "PostCheck")]
        : [line("PreCheck", "Cluster"), line("Cluster", "PostCheck")],
    },
  };
}

/** Whether UpgradeWorkFlowUpdate may cancel: the documented workflow and step preconditions. */
export function cceCancelRefusal(workflow: Record<string, unknown>): string | null {
  const status = workflow.status as { phase: string; pointStatuses: { status?: string }[] };
  if (["Running", "Success", "Cancel"].includes(status.phase)) {
    return `the upgrade workflow is ${status.phase} and cannot be cancelled`;
  }
  const busy = status.pointStatuses.find((p) =>
    ["Running", "Init", "Pause", "Queuing"].includes(p.status ?? ""),
  );
  if (busy) return `an upgrade step is ${busy.status} and the workflow cannot be cancelled`;
  return null;
}

/**
 * ShowCluster, and each item of ListClusters / ListAutopilotClusters: the fields the adapters
 * read (metadata.uid, name, creationTimestamp; spec.version, type, category, flavor,
 * clusterTags; status.phase), in CCE's shape (go-sdk `model_cluster*.go`).
 */
export function renderCceCluster(
  cluster: SimCluster,
  state: UpgradeState | null,
): Record<string, unknown> {
  const upgrading = state !== null && !["succeeded", "failed", "cancelled"].includes(state.status);
  const c = cluster.config;
  return {
    kind: "Cluster",
    apiVersion: "v3",
    metadata: {
      name: c.name,
      uid: c.clusterId,
      creationTimestamp: huaweiTime(cluster.createdMs, "UTC"),
      updateTimestamp: huaweiTime(state?.updatedAt ?? cluster.createdMs, "UTC"),
    },
    spec: {
      category: c.provider === "cce-autopilot" ? "Turbo" : "CCE",
      type: c.clusterType ?? "VirtualMachine",
      flavor: c.provider === "cce-autopilot" ? "cce.autopilot.cluster" : "cce.s2.small",
      version: currentVersion(cluster, state),
      clusterTags: Object.entries(c.tags).map(([key, value]) => ({ key, value })),
    },
    status: {
      phase: upgrading ? "Upgrading" : "Available",
    },
  };
}
