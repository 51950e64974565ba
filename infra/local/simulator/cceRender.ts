import type { CceVariety } from "./scenarioSchema.ts";
import type { SimCluster } from "./simCluster.ts";
import { currentVersion } from "./simCluster.ts";
import { huaweiTime } from "./timeFormat.ts";
import type { Step, UpgradeState } from "./upgradeState.ts";

const variety = (cluster: SimCluster): Partial<CceVariety> => cluster.config.cce ?? {};

/**
 * A list as the scenario's `cce.lists` asks: the array as documented, or `compact` (null when
 * empty, the object itself when alone), as the Go SDK models the workflow list.
 */
export function cceList(cluster: SimCluster, items: readonly unknown[]): unknown {
  if (variety(cluster).lists !== "compact") return items;
  return items.length === 0 ? null : items.length === 1 ? items[0] : items;
}

/** Running, or the scenario's undocumented replacement for it. */
const running = (cluster: SimCluster, phase: string): string =>
  phase === "Running" ? (variety(cluster).undocumentedPhase ?? phase) : phase;

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
      phase: running(cluster, cceTaskPhase(state)),
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
  cluster: SimCluster,
  taskType: string,
  step: Step | undefined,
  taskID: string,
  expire: boolean,
): Record<string, unknown> {
  if (!step) return { taskType };
  const status = POINT_STATUS[step.state];
  const out: Record<string, unknown> = {
    taskType,
    taskID,
    status: taskType === "Cluster" ? running(cluster, status) : status,
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

/**
 * When the workflow was last updated. `everyChange`: the task's last change, a cancel or a
 * postcheck. `stepStart` (seed 001's own answer to a cancel): the start of the newest started
 * step, so neither a failure nor the cancel moves it.
 */
function workflowUpdatedAt(cluster: SimCluster, state: UpgradeState): number {
  const postcheck = state.postchecks[state.postchecks.length - 1];
  if (variety(cluster).workflowUpdated === "stepStart") {
    return Math.max(state.startedAt, ...state.steps.map((s) => s.start), postcheck?.at ?? 0);
  }
  return Math.max(state.updatedAt, state.workflowCancelledAt ?? 0, postcheck?.at ?? 0);
}

/**
 * A WorkFlowTask, shaped like the documented UpgradeWorkFlowUpdate example (times in UTC). The
 * line into the Cluster step carries `critical: "true"` (seed 001 Table 10: a cancel waits until
 * the key path ran). ASSUMPTION: which line CCE marks critical, and how it spells the value, is
 * not documented; the seed's example carries no `critical` at all.
 */
export function renderCceWorkflow(
  cluster: SimCluster,
  state: UpgradeState,
): Record<string, unknown> {
  const step = (name: Step["name"]) => state.steps.find((s) => s.name === name);
  const postcheck = state.postchecks[state.postchecks.length - 1];
  const hasSnapshot = step("snapshot") !== undefined;
  const updated = workflowUpdatedAt(cluster, state);
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
    ...(to === "Cluster" ? { critical: "true" } : {}),
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
      pointStatuses: cceList(cluster, [
        point(cluster, "PreCheck", step("precheck"), cluster.ids.precheck, true),
        point(cluster, "Snapshot", step("snapshot"), cluster.ids.snapshot, false),
        point(cluster, "Cluster", step("upgrade"), cluster.ids.task, false),
        postcheckPoint,
      ]),
      lineStatuses: cceList(
        cluster,
        hasSnapshot
          ? [
              line("PreCheck", "Snapshot"),
              line("Snapshot", "Cluster"),
              line("Cluster", "PostCheck"),
            ]
          : [line("PreCheck", "Cluster"), line("Cluster", "PostCheck")],
      ),
    },
  };
}

const asList = <T>(value: unknown): T[] =>
  value === null || value === undefined ? [] : Array.isArray(value) ? value : [value as T];

interface RenderedWorkflow {
  phase: string;
  pointStatuses: unknown;
  lineStatuses: unknown;
}

/**
 * Whether UpgradeWorkFlowUpdate may cancel: the documented workflow and step preconditions, and
 * every critical line run (the step at its end is over).
 */
export function cceCancelRefusal(workflow: Record<string, unknown>): string | null {
  const status = workflow.status as RenderedWorkflow;
  if (["Running", "Success", "Cancel"].includes(status.phase)) {
    return `the upgrade workflow is ${status.phase} and cannot be cancelled`;
  }
  const points = asList<{ taskType: string; status?: string }>(status.pointStatuses);
  const busy = points.find((p) => ["Running", "Init", "Pause", "Queuing"].includes(p.status ?? ""));
  if (busy) return `an upgrade step is ${busy.status} and the workflow cannot be cancelled`;
  const lines = asList<{ endPoint: { taskType: string }; critical?: string }>(status.lineStatuses);
  const pending = lines.find(
    (l) =>
      l.critical === "true" &&
      !["Success", "Failed"].includes(
        points.find((p) => p.taskType === l.endPoint.taskType)?.status ?? "",
      ),
  );
  if (pending) {
    return `the key path to ${pending.endPoint.taskType} has not run and the workflow cannot be cancelled`;
  }
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
