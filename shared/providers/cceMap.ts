import type { Phase, Step, Upgrade } from "../model/snapshot.ts";
import type { CceTask, CceWorkflow } from "./cceSchema.ts";
import { parseHuaweiTime } from "./time.ts";

const PHASES: Record<CceTask["status"]["phase"], Phase> = {
  Init: "pending",
  Queuing: "pending",
  Running: "running",
  Pause: "paused",
  Success: "succeeded",
  Failed: "failed",
};

/** The newest task by creation time: the current upgrade. */
export function newestTask(tasks: readonly CceTask[]): CceTask | undefined {
  let best: { task: CceTask; at: number } | undefined;
  for (const task of tasks) {
    const at = Date.parse(parseHuaweiTime(task.metadata.creationTimestamp) ?? "") || 0;
    if (best === undefined || at > best.at) best = { task, at };
  }
  return best?.task;
}

/** The workflow whose Cluster point ran this task (DESIGN.md: `taskID` is the task's `metadata.uid`). */
export const workflowOf = (
  task: CceTask,
  workflows: readonly CceWorkflow[],
): CceWorkflow | undefined =>
  workflows.find((w) =>
    w.status.pointStatuses.some((p) => p.taskType === "Cluster" && p.taskID === task.metadata.uid),
  );

const progressOf = (raw: string | number | undefined): number | null => {
  if (raw === undefined || raw === "") return null;
  const n = typeof raw === "number" ? raw : Number.parseFloat(raw.replace("%", ""));
  return Number.isFinite(n) ? Math.min(100, Math.max(0, n)) : null;
};

/**
 * Normalizes a CCE / Autopilot task and its workflow. Success and failure come from the task
 * (never the workflow phase, which also waits on PostCheck); a workflow in `Cancel` turns a
 * failed task into a cancelled upgrade, stamped with the workflow's last update: the time of
 * the cancel, which no later change touches.
 */
export function mapCceUpgrade(task: CceTask, workflow: CceWorkflow | undefined): Upgrade {
  const steps: Step[] = (workflow?.status.pointStatuses ?? []).map((p) => ({
    name: p.taskType,
    status: p.status ?? null,
    startedAt: parseHuaweiTime(p.startTimeStamp),
    finishedAt: parseHuaweiTime(p.endTimeStamp),
  }));
  const clusterStep = steps.find((s) => s.name === "Cluster");
  const cancelled = workflow?.status.phase === "Cancel" && task.status.phase !== "Success";
  const phase: Phase = cancelled ? "cancelled" : PHASES[task.status.phase];
  const terminal = phase === "succeeded" || phase === "failed";
  const finishedAt = cancelled
    ? parseHuaweiTime(workflow?.metadata.updateTimestamp)
    : terminal
      ? (parseHuaweiTime(task.status.completionTime) ?? clusterStep?.finishedAt ?? null)
      : null;
  return {
    id: task.metadata.uid,
    phase,
    rawPhase: cancelled ? `${task.status.phase}/workflow:Cancel` : task.status.phase,
    progress: phase === "succeeded" ? 100 : progressOf(task.status.progress),
    fromVersion: task.spec?.version ?? workflow?.spec?.clusterVersion ?? null,
    toVersion: task.spec?.targetVersion ?? workflow?.spec?.targetVersion ?? null,
    createdAt: parseHuaweiTime(task.metadata.creationTimestamp),
    finishedAt,
    updatedAt: parseHuaweiTime(task.metadata.updateTimestamp),
    steps,
    message: null,
    source: "cce-task",
    workflowId: workflow?.metadata.uid ?? null,
    workflowPhase: workflow?.status.phase ?? null,
  };
}
