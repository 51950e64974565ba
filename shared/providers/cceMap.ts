import type { ClusterRef } from "../model/cluster.ts";
import type { CriticalLine, Phase, Step, Upgrade } from "../model/snapshot.ts";
import {
  CCE_TASK_PHASES,
  type CceCluster,
  type CceLine,
  type CceTask,
  type CceWorkflow,
} from "./cceSchema.ts";
import { parseHuaweiTime } from "./time.ts";

const PHASES: Record<(typeof CCE_TASK_PHASES)[number], Phase> = {
  Init: "pending",
  Queuing: "pending",
  Running: "running",
  Pause: "paused",
  Success: "succeeded",
  Failed: "failed",
};

/** A documented task phase's normalized phase; any other string is `unknown` (its raw value kept). */
const phaseOf = (raw: string): Phase =>
  (CCE_TASK_PHASES as readonly string[]).includes(raw)
    ? PHASES[raw as (typeof CCE_TASK_PHASES)[number]]
    : "unknown";

/** The newest task by creation time: the current upgrade. */
export function newestTask(tasks: readonly CceTask[]): CceTask | undefined {
  let best: { task: CceTask; at: number } | undefined;
  for (const task of tasks) {
    const at = Date.parse(parseHuaweiTime(task.metadata.creationTimestamp) ?? "") || 0;
    if (best === undefined || at > best.at) best = { task, at };
  }
  return best?.task;
}

/**
 * The workflow whose Cluster point ran this task. ASSUMPTION (docs/cloud-apis.md): the Cluster
 * point's `taskID` is the task's `metadata.uid`; no page states it, seed 001 only shows a
 * Cluster point with a `taskID` of the same form.
 */
export const workflowOf = (
  task: CceTask,
  workflows: readonly CceWorkflow[],
): CceWorkflow | undefined =>
  workflows.find((w) =>
    w.status.pointStatuses.some((p) => p.taskType === "Cluster" && p.taskID === task.metadata.uid),
  );

const progressOf = (raw: string | number | null | undefined): number | null => {
  if (raw === undefined || raw === null || raw === "") return null;
  const n = typeof raw === "number" ? raw : Number.parseFloat(raw.replace("%", ""));
  return Number.isFinite(n) ? Math.min(100, Math.max(0, n)) : null;
};

/**
 * `critical` is a string (seed 001 Table 10, SDK `LineStatus.Critical *string`) whose values no
 * source lists. ASSUMPTION: absent, empty, `false` or `0` is not a key path; anything else
 * (`true`, or a value we do not know) is, so an unclear answer can only hold a cancel back.
 */
const isCritical = (value: CceLine["critical"]): boolean => {
  if (value === undefined || value === null || value === false) return false;
  if (value === true) return true;
  return !["", "false", "0"].includes(value.trim().toLowerCase());
};

/** The workflow's key paths, by the step types at their ends. */
const criticalLinesOf = (workflow: CceWorkflow | undefined): CriticalLine[] =>
  (workflow?.status.lineStatuses ?? [])
    .filter((line) => isCritical(line.critical))
    .map((line) => ({
      from: line.startPoint?.taskType ?? "",
      to: line.endPoint?.taskType ?? "",
    }));

const latest = (times: readonly (string | null | undefined)[]): string | null => {
  let best: string | null = null;
  for (const t of times) {
    if (t && (best === null || Date.parse(t) > Date.parse(best))) best = t;
  }
  return best;
};

/**
 * Normalizes a CCE / Autopilot task and its workflow. Success and failure come from the task
 * (never the workflow phase, which also waits on PostCheck). A workflow in `Cancel` turns a task
 * that did not succeed into a cancelled upgrade. No field records the cancel itself: seed 001's
 * own answer to the cancel carries a workflow `updateTimestamp` minutes older than its Cluster
 * step's failure. So the cancel is dated by the latest time the task and workflow report (their
 * update and completion times, every step's start and end), which can never precede the failure
 * it cancelled.
 */
export function mapCceUpgrade(task: CceTask, workflow: CceWorkflow | undefined): Upgrade {
  const steps: Step[] = (workflow?.status.pointStatuses ?? []).map((p) => ({
    name: p.taskType,
    status: p.status ?? null,
    startedAt: parseHuaweiTime(p.startTimeStamp),
    finishedAt: parseHuaweiTime(p.endTimeStamp),
  }));
  const clusterStep = steps.find((s) => s.name === "Cluster");
  const rawTaskPhase = task.status.phase;
  const cancelled = workflow?.status.phase === "Cancel" && rawTaskPhase !== "Success";
  const phase: Phase = cancelled ? "cancelled" : phaseOf(rawTaskPhase);
  const terminal = phase === "succeeded" || phase === "failed";
  const updatedAt = parseHuaweiTime(task.metadata.updateTimestamp);
  const completedAt = parseHuaweiTime(task.status.completionTime);
  const finishedAt = cancelled
    ? latest([
        parseHuaweiTime(workflow?.metadata.updateTimestamp),
        updatedAt,
        completedAt,
        ...steps.flatMap((s) => [s.startedAt, s.finishedAt]),
      ])
    : terminal
      ? (completedAt ?? clusterStep?.finishedAt ?? null)
      : null;
  const criticalLines = criticalLinesOf(workflow);
  return {
    id: task.metadata.uid,
    phase,
    rawPhase: cancelled ? `${rawTaskPhase}/workflow:Cancel` : rawTaskPhase,
    progress: phase === "succeeded" ? 100 : progressOf(task.status.progress),
    fromVersion: task.spec?.version ?? workflow?.spec?.clusterVersion ?? null,
    toVersion: task.spec?.targetVersion ?? workflow?.spec?.targetVersion ?? null,
    createdAt: parseHuaweiTime(task.metadata.creationTimestamp),
    finishedAt,
    updatedAt,
    steps,
    message: null,
    source: "cce-task",
    workflowId: workflow?.metadata.uid ?? null,
    workflowPhase: workflow?.status.phase ?? null,
    ...(criticalLines.length > 0 ? { criticalLines } : {}),
  };
}

/**
 * What ShowCluster alone tells of an upgrade, for an account whose upgrade APIs are refused:
 * `Upgrading` is an upgrade running now (no id of its own, no times, no steps: decide treats it
 * through repeat buckets); every other phase (Available, Error, RollingBack, ... or one no source
 * lists) shows no upgrade. The id is `cluster:<clusterId>`, so it never collides with a task uid.
 */
export function mapCceCluster(cluster: ClusterRef, body: CceCluster): Upgrade | null {
  if (body.status.phase !== "Upgrading") return null;
  return {
    id: `cluster:${cluster.clusterId}`,
    phase: "running",
    rawPhase: body.status.phase,
    progress: null,
    fromVersion: body.spec?.version ?? null,
    toVersion: null,
    createdAt: null,
    finishedAt: null,
    updatedAt: null,
    steps: [],
    message: body.status.message ?? body.status.reason ?? null,
    source: "cce-cluster",
    workflowId: null,
    workflowPhase: null,
  };
}
