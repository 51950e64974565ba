import type { SimCluster } from "./simCluster.ts";
import { currentVersion } from "./simCluster.ts";
import { ackIsoTime, ackStageTime } from "./timeFormat.ts";
import type { UpgradeState } from "./upgradeState.ts";

/**
 * The task API's `state`: running, fail (or `failed`, per the scenario) or success. A pause is
 * NOT visible here: the task stays `running` (DESIGN.md); only GetUpgradeStatus shows it. A
 * cancelled task's state is undocumented; the simulator answers `canceled`.
 */
export function ackTaskState(cluster: SimCluster, state: UpgradeState): string {
  switch (state.status) {
    case "succeeded":
      return "success";
    case "failed":
      return cluster.config.upgrade?.ackFailState ?? "fail";
    case "cancelled":
      return "canceled";
    default:
      return "running";
  }
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
    stages,
    events: state.events.map((e) => ({
      action: e.reason.endsWith("Start") ? "start" : "update",
      level: e.level,
      message: e.message,
      reason: e.reason,
      source: "ACK",
      timestamp: String(e.at),
    })),
    task_result: [],
  };
  if (live) out.current_stage = STAGE_NAME[live.name];
  if (state.status === "failed") out.error = { code: "400", message: state.failureMessage };
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
