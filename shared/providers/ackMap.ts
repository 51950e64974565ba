import type { Phase, Upgrade } from "../model/snapshot.ts";
import type { AckEvent, AckTaskInfo, AckTaskSummary, AckUpgradeStatus } from "./ackSchema.ts";
import { parseAckTime } from "./ackTime.ts";

/**
 * DescribeTaskInfo `state` values a source documents (docs/cloud-apis.md, "Alibaba Cloud ACK"):
 * the SDK model's running, fail and success; `failed` (an earlier page edition, and Terraform's
 * fail states); `paused` and `canceled` (the ACK CLI's waiters after PauseTask and CancelTask;
 * ResumeTask brings `running` back). Any other value is phase `unknown`, raw value kept.
 */
const TASK_PHASES: Readonly<Record<string, Phase>> = {
  running: "running",
  paused: "paused",
  fail: "failed",
  failed: "failed",
  success: "succeeded",
  canceled: "cancelled",
};

const lower = (v: string | null | undefined): string => (v ?? "").trim().toLowerCase();

/** The phase a DescribeTaskInfo / DescribeClusterTasks `state` stands for. */
export const ackTaskPhase = (state: string): Phase => TASK_PHASES[lower(state)] ?? "unknown";

/**
 * The cluster upgrade among a cluster's tasks: exactly `taskType` (`cluster_upgrade` by
 * default), whatever else DescribeClusterTasks lists and whether or not the server honoured the
 * `task_type` filter. The newest by `created` wins; list order is not documented.
 */
export function newestUpgradeTask(
  tasks: readonly AckTaskSummary[],
  taskType: string,
): AckTaskSummary | undefined {
  let best: { task: AckTaskSummary; at: number } | undefined;
  for (const task of tasks) {
    if (task.task_type !== taskType) continue;
    const at = Date.parse(parseAckTime(task.created) ?? "") || 0;
    if (best === undefined || at > best.at) best = { task, at };
  }
  return best?.task;
}

/**
 * Whether GetUpgradeStatus shows the older failure form: `upgrade_task.upgrade_status.failed`
 * is "true" (Terraform's earlier reader took `upgrade_step: pause` with it as a failure).
 */
const legacyFailed = (s: AckUpgradeStatus | undefined): boolean =>
  s?.upgrade_task?.upgrade_status?.failed === true;

/**
 * What GetUpgradeStatus adds to a `running` task: a pause (the form ACK showed before the
 * task API had `paused`) or a precheck. A pause that the older form marks failed contradicts
 * the running task, so it is `unknown`: neither resumed nor announced as a failure.
 */
function livePhase(status: AckUpgradeStatus | undefined): Phase {
  const s = lower(status?.status);
  const step = lower(status?.upgrade_step);
  if (s === "pause" || step === "pause") return legacyFailed(status) ? "unknown" : "paused";
  if (step === "prechecking") return "prechecking";
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

/** The newest Warning event's message, for a failed task that carries no `error`. */
function lastWarning(events: readonly AckEvent[]): string | null {
  let best: { message: string; at: number; i: number } | null = null;
  for (const [i, e] of events.entries()) {
    const message = text(e.message);
    if (lower(e.level) !== "warning" || message === null) continue;
    const at = Date.parse(parseAckTime(e.timestamp) ?? "") || 0;
    if (best === null || at > best.at || (at === best.at && i > best.i)) best = { message, at, i };
  }
  return best?.message ?? null;
}

/**
 * Normalizes an ACK upgrade task (DescribeTaskInfo), with GetUpgradeStatus read alongside
 * while it runs. `created` is immutable; `updated` becomes the finish time once terminal.
 * Progress is the share of finished stages, since ACK reports no percentage. Throws
 * `TimestampError` for a time in no form a source shows.
 */
export function mapAckTask(task: AckTaskInfo, live: AckUpgradeStatus | undefined): Upgrade {
  const base = ackTaskPhase(task.state);
  const phase = base === "running" ? livePhase(live) : base;
  const terminal = phase === "succeeded" || phase === "failed" || phase === "cancelled";
  const steps = task.stages.map((s, i) => ({
    name:
      i === task.stages.length - 1 && task.current_stage ? task.current_stage : `stage-${i + 1}`,
    status: s.state ?? null,
    startedAt: parseAckTime(s.start_time),
    finishedAt: parseAckTime(s.end_time),
  }));
  const done = task.stages.filter((s) => lower(s.state) === "success").length;
  const progress =
    phase === "succeeded"
      ? 100
      : task.stages.length > 0
        ? Math.round((done / task.stages.length) * 100)
        : null;
  const liveRaw = live
    ? `running/${live.status || live.upgrade_step || "?"}${legacyFailed(live) ? "/failed" : ""}`
    : null;
  return {
    id: task.task_id,
    phase,
    rawPhase: base === "running" && liveRaw ? liveRaw : task.state,
    progress,
    fromVersion: version(task.parameters, "version", "current_version", "from_version"),
    toVersion: version(task.parameters, "next_version", "target_version", "version_to"),
    createdAt: parseAckTime(task.created),
    finishedAt: terminal ? parseAckTime(task.updated) : null,
    updatedAt: parseAckTime(task.updated),
    steps,
    message:
      text(task.error?.message) ??
      (phase === "failed" ? lastWarning(task.events) : null) ??
      text(live?.error_message) ??
      null,
    source: "ack-task",
    workflowId: null,
    workflowPhase: null,
  };
}

/** GetUpgradeStatus `status` and `upgrade_step` values seed 004 documents, empty included. */
const KNOWN_STATUS = new Set(["", "success", "fail", "pause", "running"]);
const KNOWN_STEP = new Set(["", "not_start", "prechecking", "upgrading", "pause", "success"]);

function legacyPhase(s: AckUpgradeStatus): Phase | null {
  const status = lower(s.status);
  const step = lower(s.upgrade_step);
  const old = s.upgrade_task?.upgrade_status;
  if (old?.is_canceled) return "cancelled";
  if (old?.failed || status === "fail" || lower(s.upgrade_task?.status) === "failed") {
    return "failed";
  }
  if (status === "success" || step === "success") return "succeeded";
  if (status === "pause" || step === "pause") return "paused";
  if (step === "prechecking") return "prechecking";
  if (status === "running" || step === "upgrading") return "running";
  if (KNOWN_STATUS.has(status) && KNOWN_STEP.has(step)) return null;
  return "unknown";
}

/**
 * Normalizes GetUpgradeStatus alone, where the task API has nothing. It has no times and no
 * upgrade id (`legacy:<clusterId>`), so decide treats it through repeat buckets. Reads both
 * the documented form and the older nested failure form; a `status` or `upgrade_step` no
 * source documents is phase `unknown`. Returns null when no upgrade ever started.
 */
export function mapAckLegacy(clusterId: string, s: AckUpgradeStatus): Upgrade | null {
  const phase = legacyPhase(s);
  if (phase === null) return null;
  const old = s.upgrade_task?.upgrade_status;
  const flags = `${old?.failed ? "/failed" : ""}${old?.is_canceled ? "/canceled" : ""}`;
  const events = old?.events ?? [];
  const lastEvent = events[events.length - 1];
  return {
    id: `legacy:${clusterId}`,
    phase,
    rawPhase: `${s.status ?? ""}/${s.upgrade_step ?? ""}${flags}`,
    progress: phase === "succeeded" ? 100 : null,
    fromVersion: null,
    toVersion: null,
    createdAt: null,
    finishedAt: null,
    updatedAt: null,
    steps: [],
    message:
      text(s.error_message) ??
      text(s.upgrade_task?.message) ??
      text(lastEvent?.message) ??
      text(lastEvent?.Message),
    source: "ack-upgrade-status",
    workflowId: null,
    workflowPhase: null,
  };
}
