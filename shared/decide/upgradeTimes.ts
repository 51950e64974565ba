import type { TransitionTimestamp } from "../events/trigger.ts";
import type { Phase, Upgrade } from "../model/snapshot.ts";

/**
 * Phases in which the provider should be making progress, so silence means a stall. `unknown`
 * is in neither this list nor the terminal ones: nothing is inferred from a state no source
 * documents.
 */
export const ACTIVE_PHASES: readonly Phase[] = ["pending", "prechecking", "running"];

/** A transition's time, and which timestamp gave it (`updatedAt` is only a hint). */
export interface DatedTransition {
  at: number;
  from: TransitionTimestamp;
}

const ms = (iso: string | null): number | null => (iso === null ? null : Date.parse(iso));

const same = (a: string | null, b: string): boolean => a?.toLowerCase() === b.toLowerCase();

/**
 * Legacy GetUpgradeStatus and CCE's ShowCluster (`cce-cluster`, for an account without the
 * upgrade APIs) have no times at all; nothing they report can be dated.
 */
export const isTimestampLess = (u: Upgrade): boolean =>
  u.source === "ack-upgrade-status" || u.source === "cce-cluster";

/**
 * Started is dated by the task's creation, which never changes. An upgrade in a state no source
 * documents (`unknown`) is not announced as started: it is announced as Read Degraded instead.
 */
export function startedAt(u: Upgrade): DatedTransition | null {
  if (isTimestampLess(u) || u.phase === "unknown") return null;
  const at = ms(u.createdAt);
  return at === null ? null : { at, from: "createdAt" };
}

/**
 * When the current terminal phase was reached. Immutable times first: the task's `finishedAt`
 * and, for CCE, the Cluster step's end when that step's status agrees with the phase; the
 * earliest wins, so a second timestamp that appears on a later read cannot re-date (and so
 * re-announce) a transition already announced. Only when neither exists is the mutable
 * `updatedAt` used, as a hint (DESIGN.md: a state with no timestamp of its own).
 */
export function terminalAt(u: Upgrade): DatedTransition | null {
  if (isTimestampLess(u)) return null;
  if (u.phase !== "succeeded" && u.phase !== "failed" && u.phase !== "cancelled") return null;
  if (u.source === "cce-task" && u.phase === "cancelled") return cceCancelledAt(u);
  const candidates: DatedTransition[] = [];
  const finished = ms(u.finishedAt);
  if (finished !== null) candidates.push({ at: finished, from: "finishedAt" });
  if (u.source === "cce-task" && u.phase !== "cancelled") {
    const status = u.phase === "succeeded" ? "Success" : "Failed";
    const step = u.steps.find((s) => same(s.name, "Cluster") && same(s.status, status));
    const stepEnd = ms(step?.finishedAt ?? null);
    if (stepEnd !== null) candidates.push({ at: stepEnd, from: "clusterStepFinishedAt" });
  }
  const earliest = candidates.reduce<DatedTransition | null>(
    (best, c) => (best === null || c.at < best.at ? c : best),
    null,
  );
  if (earliest) return earliest;
  const updated = ms(u.updatedAt);
  return updated === null ? null : { at: updated, from: "updatedAt" };
}

/**
 * A CCE cancel has no timestamp of its own, and the workflow's `updateTimestamp` can be older
 * than the failure it cancelled (seed 001's own answer to the cancel). So it is dated by the
 * adapter's `finishedAt` (the latest time the task and workflow report) or, when a newer time is
 * reported (`lastActivityAt`: creation, last update, any step's start or end), by that newer
 * time, as a hint. Either way it cannot precede anything the upgrade ran, the failure included.
 */
function cceCancelledAt(u: Upgrade): DatedTransition | null {
  const finished = ms(u.finishedAt);
  const activity = lastActivityAt(u);
  if (finished !== null && (activity === null || finished >= activity)) {
    return { at: finished, from: "finishedAt" };
  }
  return activity === null ? null : { at: activity, from: "updatedAt" };
}

/** A pause has no timestamp of its own; the task's last update is the hint that it just paused. */
export function pausedAt(u: Upgrade): DatedTransition | null {
  if (isTimestampLess(u) || u.phase !== "paused") return null;
  const at = ms(u.updatedAt);
  return at === null ? null : { at, from: "updatedAt" };
}

/**
 * The newest sign of life the provider reported: creation, last update, or any step starting
 * or finishing. Progress percentages cannot be compared without memory, but any of these moves
 * when the provider does something, so "none newer than the threshold" is a stall.
 */
export function lastActivityAt(u: Upgrade): number | null {
  if (isTimestampLess(u)) return null;
  const times = [u.createdAt, u.updatedAt, ...u.steps.flatMap((s) => [s.startedAt, s.finishedAt])]
    .map(ms)
    .filter((t): t is number => t !== null);
  return times.length === 0 ? null : Math.max(...times);
}

/** A PostCheck step with any status means someone (or we) already ran it. */
export function postcheckRecorded(u: Upgrade): boolean {
  return u.steps.some((s) => same(s.name, "PostCheck") && s.status !== null && s.status !== "");
}

/**
 * The cloud's documented cancel preconditions, judged on what was read (reference/API.md):
 * CCE/Autopilot cancel the joined workflow (see `cceCancellable`). ACK: a failed upgrade is over.
 * CancelTask "cancels the execution of a task" and no source shows it accepting a failed one, so
 * a failed ACK upgrade is never due for cancel; it is retried or rolled forward. Legacy
 * GetUpgradeStatus has no task to cancel either, nor ShowCluster alone (`cce-cluster`), which
 * has no workflow to cancel.
 */
export function cancellable(u: Upgrade): boolean {
  if (u.phase !== "failed") return false;
  // ACK: never (see above).
  if (u.source === "ack-task" || u.source === "ack-upgrade-status") return false;
  return u.source === "cce-task" && cceCancellable(u);
}
/** Workflow phases in which UpgradeWorkFlowUpdate may cancel: not Running, Success or Cancel (seed 001). */
const CANCELLABLE_WORKFLOW_PHASES = ["Init", "Pending"];
/** Step statuses that do not block a cancel: not started (no status), or over (seed 001). */
const SETTLED_STEP_STATUSES = ["Success", "Failed"];

const settled = (status: string | null): boolean =>
  status === null || status === "" || SETTLED_STEP_STATUSES.some((s) => same(status, s));

/**
 * CCE/Autopilot (seed 001): UpgradeWorkFlowUpdate is refused while the workflow is Running,
 * Success or Cancel, or while any step is Running, Init, Pause or Queuing; a step with no status
 * has not started and does not block (seed 001's own example cancels with PostCheck unstarted).
 * And "an upgrade can be canceled only after the key path is executed" (Table 10): every line
 * marked `critical` must have run, that is, the step at its end must be over (Success or
 * Failed). Only documented values allow a cancel: an undocumented workflow phase or step status
 * holds it back, as nothing acts on what no source explains.
 */
function cceCancellable(u: Upgrade): boolean {
  if (u.workflowId === null || u.workflowPhase === null) return false;
  if (!CANCELLABLE_WORKFLOW_PHASES.some((p) => same(u.workflowPhase, p))) return false;
  if (!u.steps.every((s) => settled(s.status))) return false;
  return (u.criticalLines ?? []).every((line) => {
    const end = u.steps.find((s) => same(s.name, line.to));
    return end !== undefined && end.status !== null && end.status !== "" && settled(end.status);
  });
}
