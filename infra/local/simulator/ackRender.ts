import type { AckOtherTaskView } from "./ackTasks.ts";
import type { AckShapes } from "./scenarioSchema.ts";
import type { SimCluster } from "./simCluster.ts";
import { currentVersion } from "./simCluster.ts";
import { ackIsoTime, ackStageTime } from "./timeFormat.ts";
import type { UpgradeState } from "./upgradeState.ts";

/**
 * The task API's `state`: running, `paused` (after PauseTask, or a scripted pause: `running`
 * again after ResumeTask), fail (or `failed`, per the scenario), success, and `canceled` after
 * CancelTask: the values Alibaba's ACK CLI waits for (`specs/ack/task.yaml`).
 */
export function ackTaskState(cluster: SimCluster, state: UpgradeState): string {
  switch (state.status) {
    case "succeeded":
      return "success";
    case "failed":
      return cluster.config.upgrade?.ackFailState ?? "fail";
    case "cancelled":
      return "canceled";
    case "paused":
      return "paused";
    default:
      return "running";
  }
}

/** A list in the scenario's shape: `loose` sends an empty one as null and one item bare. */
export function ackList(items: unknown[], shapes: AckShapes): unknown {
  if (shapes.lists === "array") return items;
  if (items.length === 0) return null;
  return items.length === 1 ? items[0] : items;
}

const STAGE_NAME = {
  precheck: "PreCheck",
  snapshot: "Snapshot",
  upgrade: "UpgradeCluster",
} as const;
const STAGE_STATE = {
  running: "running",
  paused: "running",
  success: "success",
  failed: "fail",
  cancelled: "canceled",
} as const;

/** A task as DescribeClusterTasks lists it. */
export function renderAckTaskSummary(
  cluster: SimCluster,
  state: UpgradeState,
  taskType: string,
): Record<string, unknown> {
  const out: Record<string, unknown> = {
    task_id: cluster.ids.ackTask,
    task_type: taskType,
    state: ackTaskState(cluster, state),
    created: ackIsoTime(state.startedAt),
    updated: ackIsoTime(state.updatedAt, true),
  };
  if (state.status === "failed") out.error = { code: "400", message: state.failureMessage };
  return out;
}

/** A task as DescribeTaskInfo returns it: stages (zone-less times), events (epoch-ms strings). */
export function renderAckTaskInfo(
  cluster: SimCluster,
  state: UpgradeState,
  taskType: string,
): Record<string, unknown> {
  const stages = state.steps
    .filter((s) => s.name !== "snapshot")
    .map((s) => {
      const stage: Record<string, unknown> = {
        state: STAGE_STATE[s.state],
        start_time: ackStageTime(s.start),
        message: `${STAGE_NAME[s.name]} ${STAGE_STATE[s.state]}`,
      };
      if (s.end !== null) stage.end_time = ackStageTime(s.end);
      return stage;
    });
  const live = [...state.steps].reverse().find((s) => s.end === null && s.name !== "snapshot");
  const out: Record<string, unknown> = {
    task_id: cluster.ids.ackTask,
    cluster_id: cluster.config.clusterId,
    task_type: taskType,
    state: ackTaskState(cluster, state),
    created: ackIsoTime(state.startedAt),
    updated: ackIsoTime(state.updatedAt),
    target: { id: cluster.config.clusterId, type: "cluster" },
    parameters: { version: cluster.config.version, next_version: cluster.config.targetVersion },
    stages: ackList(stages, cluster.ackShapes),
    events: ackList(
      state.events.map((e) => ({
        action: e.reason.endsWith("Start") ? "start" : "update",
        level: e.level,
        message: e.message,
        reason: e.reason,
        source: "ACK",
        timestamp: String(e.at),
      })),
      cluster.ackShapes,
    ),
    task_result: [],
  };
  if (live) out.current_stage = STAGE_NAME[live.name];
  if (state.status === "failed") out.error = { code: "400", message: state.failureMessage };
  return out;
}

const OTHER_FAILURE = { code: "BadRequest", message: "Addon status not match" };

/** Another task (add-on, node-pool, runtime) as DescribeClusterTasks lists it. */
export function renderOtherTaskSummary(task: AckOtherTaskView): Record<string, unknown> {
  const out: Record<string, unknown> = {
    task_id: task.id,
    task_type: task.taskType,
    state: task.state,
    created: ackIsoTime(task.startMs),
    updated: ackIsoTime(task.endMs ?? task.startMs, true),
  };
  if (task.state === "fail") out.error = OTHER_FAILURE;
  return out;
}

/** Another task as DescribeTaskInfo returns it: one stage, a start event and an end event. */
export function renderOtherTaskInfo(
  cluster: SimCluster,
  task: AckOtherTaskView,
): Record<string, unknown> {
  const shapes = cluster.ackShapes;
  const stage: Record<string, unknown> = {
    state: task.state,
    start_time: ackStageTime(task.startMs),
    message: `${task.taskType} ${task.state}`,
  };
  if (task.endMs !== null) stage.end_time = ackStageTime(task.endMs);
  const events = [
    {
      action: "start",
      level: "Normal",
      message: `start to ${task.taskType}`,
      reason: "TaskStart",
      source: "ACK",
      timestamp: String(task.startMs),
    },
  ];
  if (task.endMs !== null) {
    events.push({
      action: "update",
      level: task.state === "success" ? "Normal" : "Warning",
      message: `${task.taskType} ${task.state}`,
      reason: task.state === "success" ? "TaskSucceed" : "TaskFailed",
      source: "ACK",
      timestamp: String(task.endMs),
    });
  }
  const out: Record<string, unknown> = {
    task_id: task.id,
    cluster_id: cluster.config.clusterId,
    task_type: task.taskType,
    state: task.state,
    created: ackIsoTime(task.startMs),
    updated: ackIsoTime(task.endMs ?? task.startMs),
    target: { id: cluster.config.clusterId, type: "cluster" },
    parameters: {},
    stages: ackList([stage], shapes),
    events: ackList(events, shapes),
    task_result: [],
  };
  if (task.state === "running") out.current_stage = "Running";
  if (task.state === "fail") out.error = OTHER_FAILURE;
  return out;
}

/** GetUpgradeStatus: the legacy view, the only one that shows a pause. No times, no upgrade id. */
export function renderAckUpgradeStatus(
  cluster: SimCluster,
  state: UpgradeState | null,
): Record<string, unknown> {
  if (state === null) {
    return {
      error_message: "",
      precheck_report_id: "",
      status: "",
      upgrade_step: "not_start",
      upgrade_task: { status: "", message: "" },
    };
  }
  const inPrecheck = state.steps[state.steps.length - 1]?.name === "precheck";
  const running = { status: "running", message: "" };
  const byStatus: Record<
    UpgradeState["status"],
    [string, string, { status: string; message: string }, string]
  > = {
    precheck: ["running", "prechecking", running, ""],
    snapshot: ["running", "prechecking", running, ""],
    running: ["running", "upgrading", running, ""],
    stalled: ["running", "upgrading", running, ""],
    paused: ["pause", "pause", running, ""],
    succeeded: ["success", "success", { status: "Success", message: "upgrade succeeded" }, ""],
    failed: [
      "fail",
      inPrecheck ? "prechecking" : "upgrading",
      { status: "Failed", message: state.failureMessage ?? "" },
      state.failureMessage ?? "",
    ],
    cancelled: [
      "fail",
      "not_start",
      { status: "Failed", message: "upgrade canceled" },
      "upgrade canceled",
    ],
  };
  if (state.status === "failed" && cluster.ackShapes.legacyFailure === "nested") {
    return nestedFailure(cluster, state);
  }
  const [status, step, task, error] = byStatus[state.status];
  return {
    error_message: error,
    precheck_report_id: cluster.ids.precheckReport,
    status,
    upgrade_step: step,
    upgrade_task: task,
  };
}

/**
 * The older GetUpgradeStatus failure form (denverdino/aliyungo `cs/kubernets_cluster.go`:
 * `UpgradeClusterResult` with `upgrade_task{..., upgrade_status{state, phase, total, succeeded,
 * failed, events, is_canceled}}`): the upgrade stops at `upgrade_step: pause` and only the
 * nested `failed: "true"` says it failed. Go's `time.Time` fields print as RFC 3339; `Event`
 * has no JSON tags, so its keys are capitalised. The values of `state` and `phase` are not
 * documented (the Go comment lists Master1, Master2, Master3, Nodes for `phase`).
 */
function nestedFailure(cluster: SimCluster, state: UpgradeState): Record<string, unknown> {
  const message = state.failureMessage ?? "";
  const at = state.finishedAt ?? state.updatedAt;
  return {
    status: "pause",
    precheck_report_id: cluster.ids.precheckReport,
    upgrade_step: "pause",
    error_message: "",
    upgrade_task: {
      retries: 0,
      created_at: new Date(state.startedAt).toISOString(),
      message: "",
      status: "running",
      finished_at: "0001-01-01T00:00:00Z",
      upgrade_status: {
        state: "pause",
        phase: "Master1",
        total: 3,
        succeeded: 0,
        failed: "true",
        events: [
          {
            Timestamp: new Date(at).toISOString(),
            Type: "Warning",
            Reason: "UpgradeFailed",
            Message: message,
            Source: "ACK",
          },
        ],
        is_canceled: false,
      },
    },
  };
}

/**
 * DescribeClusterDetail, and each item of DescribeClustersV1's `clusters`: `state` (running,
 * updating, updating_failed), the versions, the kind (`cluster_type`, `profile`,
 * `cluster_spec`), `created` and `tags[]{key,value}` (`@alicloud/cs20151215` 7.2.0 models).
 */
export function renderAckCluster(
  cluster: SimCluster,
  state: UpgradeState | null,
): Record<string, unknown> {
  const c = cluster.config;
  const upgrading = state !== null && !["succeeded", "failed", "cancelled"].includes(state.status);
  const version = currentVersion(cluster, state);
  return {
    cluster_id: c.clusterId,
    cluster_type: c.clusterType ?? "ManagedKubernetes",
    created: ackIsoTime(cluster.createdMs),
    init_version: c.version,
    current_version: version,
    next_version: version === c.targetVersion ? "" : (c.targetVersion ?? ""),
    name: c.name,
    region_id: c.region,
    size: 3,
    state: upgrading ? "updating" : state?.status === "failed" ? "updating_failed" : "running",
    updated: ackIsoTime(state?.updatedAt ?? cluster.createdMs),
    cluster_spec: "ack.pro.small",
    profile: "Default",
    tags: Object.entries(c.tags).map(([key, value]) => ({ key, value })),
  };
}
