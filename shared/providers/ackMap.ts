import type { Phase, Upgrade } from "../model/snapshot.ts";
import type { AckTaskInfo, AckTaskSummary, AckUpgradeStatus } from "./ackSchema.ts";
import { parseIsoOffsetTime, parseZonelessTime } from "./time.ts";

const TASK_PHASES: Record<AckTaskInfo["state"], Phase> = {
  running: "running",
  fail: "failed",
  failed: "failed",
  success: "succeeded",
  canceled: "cancelled",
  cancelled: "cancelled",
};

/** The newest task whose `task_type` contains the configured match (the type is undocumented). */
export function newestUpgradeTask(
  tasks: readonly AckTaskSummary[],
  typeMatch: string,
): AckTaskSummary | undefined {
  const match = typeMatch.toLowerCase();
  let best: { task: AckTaskSummary; at: number } | undefined;
  for (const task of tasks) {
    if (!task.task_type.toLowerCase().includes(match)) continue;
    const at = Date.parse(parseIsoOffsetTime(task.created) ?? "") || 0;
    if (best === undefined || at > best.at) best = { task, at };
  }
  return best?.task;
}

/** A pause shows only through GetUpgradeStatus; so does a precheck in progress. */
function livePhase(status: AckUpgradeStatus | undefined): Phase {
  if (status?.status === "pause" || status?.upgrade_step === "pause") return "paused";
  if (status?.upgrade_step === "prechecking") return "prechecking";
  return "running";
}

const text = (v: unknown): string | null => (typeof v === "string" && v !== "" ? v : null);

/** Versions are not documented on the task; read them from its parameters when present. */
const version = (params: Record<string, unknown> | null | undefined, ...keys: string[]) => {
  for (const key of keys) {
    const v = text(params?.[key]);
    if (v) return v;
  }
  return null;
};

/**
 * Normalizes an ACK upgrade task (DescribeTaskInfo), with GetUpgradeStatus read alongside
 * while it runs. `created` is immutable; `updated` becomes the finish time once terminal.
 * Progress is the share of finished stages, since ACK reports no percentage.
 */
export function mapAckTask(task: AckTaskInfo, live: AckUpgradeStatus | undefined): Upgrade {
  const base = TASK_PHASES[task.state];
  const phase = base === "running" ? livePhase(live) : base;
  const terminal = phase === "succeeded" || phase === "failed" || phase === "cancelled";
  const steps = task.stages.map((s, i) => ({
    name:
      i === task.stages.length - 1 && task.current_stage ? task.current_stage : `stage-${i + 1}`,
    status: s.state ?? null,
    startedAt: parseZonelessTime(s.start_time),
    finishedAt: parseZonelessTime(s.end_time),
  }));
  const done = task.stages.filter((s) => s.state === "success").length;
  const progress =
    phase === "succeeded"
      ? 100
      : task.stages.length > 0
        ? Math.round((done / task.stages.length) * 100)
        : null;
  return {
    id: task.task_id,
    phase,
    rawPhase:
      base === "running" && live
        ? `running/${live.status || live.upgrade_step || "?"}`
        : task.state,
    progress,
    fromVersion: version(task.parameters, "version", "current_version", "from_version"),
    toVersion: version(task.parameters, "next_version", "target_version", "version_to"),
    createdAt: parseIsoOffsetTime(task.created),
    finishedAt: terminal ? parseIsoOffsetTime(task.updated) : null,
    updatedAt: parseIsoOffsetTime(task.updated),
    steps,
    message: text(task.error?.message) ?? text(live?.error_message) ?? null,
    source: "ack-task",
    workflowId: null,
    workflowPhase: null,
  };
}

/**
 * Normalizes GetUpgradeStatus alone, where the task API has nothing. It has no times and no
 * upgrade id (`legacy:<clusterId>`), so decide treats it through repeat buckets. Returns null
 * when no upgrade ever started.
 */
export function mapAckLegacy(clusterId: string, s: AckUpgradeStatus): Upgrade | null {
  const failedOld = s.upgrade_status?.failed === true || s.upgrade_status?.failed === "true";
  let phase: Phase | null;
  if (failedOld || s.status === "fail") phase = "failed";
  else if (s.status === "success" || s.upgrade_step === "success") phase = "succeeded";
  else if (s.status === "pause" || s.upgrade_step === "pause") phase = "paused";
  else if (s.upgrade_step === "prechecking") phase = "prechecking";
  else if (s.status === "running" || s.upgrade_step === "upgrading") phase = "running";
  else phase = null;
  if (phase === null) return null;
  return {
    id: `legacy:${clusterId}`,
    phase,
    rawPhase: `${s.status ?? ""}/${s.upgrade_step ?? ""}`,
    progress: phase === "succeeded" ? 100 : null,
    fromVersion: null,
    toVersion: null,
    createdAt: null,
    finishedAt: null,
    updatedAt: null,
    steps: [],
    message: text(s.error_message) ?? text(s.upgrade_task?.message),
    source: "ack-upgrade-status",
    workflowId: null,
    workflowPhase: null,
  };
}
