import type { Phase, UpgradeScript } from "./scenarioSchema.ts";

/** Something a client did to an upgrade, recorded at the simulator time it happened. */
export type UpgradeAction =
  | { kind: "pause"; at: number }
  | { kind: "resume"; at: number }
  | { kind: "cancelTask"; at: number }
  | { kind: "retry"; at: number }
  | { kind: "cancelWorkflow"; at: number }
  | { kind: "postcheck"; at: number; uid: string; result: "Success" | "Failed" | "Error" };

export type StepName = "precheck" | "snapshot" | "upgrade";
export type StepState = "running" | "paused" | "success" | "failed" | "cancelled";

export interface Step {
  name: StepName;
  start: number;
  end: number | null;
  state: StepState;
}

export type UpgradeStatus =
  | "precheck"
  | "snapshot"
  | "running"
  | "paused"
  | "stalled"
  | "succeeded"
  | "failed"
  | "cancelled";

export interface UpgradeEvent {
  at: number;
  reason: string;
  message: string;
  level: "Normal" | "Warning";
}

/** One upgrade as it stands at `now`: derived, never stored, so 10,000 clusters cost nothing idle. */
export interface UpgradeState {
  startedAt: number;
  status: UpgradeStatus;
  /** 0..100. */
  progress: number;
  steps: Step[];
  /** When the upgrade task (CCE) began: the start of the first upgrade step. */
  taskCreatedAt: number | null;
  /** The last discrete change: a whole percent of progress, a pause, a resume, an end. */
  updatedAt: number;
  finishedAt: number | null;
  failureMessage: string | null;
  workflowCancelledAt: number | null;
  postchecks: { uid: string; at: number; result: "Success" | "Failed" | "Error" }[];
  retries: number;
  events: UpgradeEvent[];
}

const STEP_OF: Partial<Record<Phase["phase"], StepName>> = {
  precheck: "precheck",
  snapshot: "snapshot",
  upgrade: "upgrade",
  pause: "upgrade",
  stall: "upgrade",
};

/**
 * Replays an upgrade script and the actions taken on it up to `now`. Pure and cheap (linear in
 * phases plus actions), so the simulator computes state on each request instead of ticking.
 * Returns null before the upgrade starts.
 */
export function evaluateUpgrade(
  script: UpgradeScript,
  startedAt: number,
  actions: readonly UpgradeAction[],
  now: number,
): UpgradeState | null {
  if (now < startedAt) return null;
  const s: UpgradeState = {
    startedAt,
    status: "running",
    progress: 0,
    steps: [],
    taskCreatedAt: null,
    updatedAt: startedAt,
    finishedAt: null,
    failureMessage: null,
    workflowCancelledAt: null,
    postchecks: [],
    retries: 0,
    events: [],
  };
  let cursor = 0;
  const next = (kinds: readonly UpgradeAction["kind"][], from: number, before: number) => {
    for (let i = cursor; i < actions.length; i++) {
      const a = actions[i] as UpgradeAction;
      if (a.at > before) return undefined;
      if (a.at >= from && kinds.includes(a.kind)) {
        cursor = i + 1;
        return a;
      }
    }
    return undefined;
  };
  const event = (
    at: number,
    reason: string,
    message: string,
    level: UpgradeEvent["level"] = "Normal",
  ) => s.events.push({ at, reason, message, level });
  const current = (): Step | undefined => s.steps[s.steps.length - 1];
  const enter = (name: StepName, at: number) => {
    const step = current();
    if (step?.name === name && step.end === null) return step;
    if (step && step.end === null) {
      step.end = at;
      step.state = "success";
    }
    const created: Step = { name, start: at, end: null, state: "running" };
    s.steps.push(created);
    if (name === "upgrade" && s.taskCreatedAt === null) s.taskCreatedAt = at;
    event(at, `${label(name)}Start`, `start to ${name} cluster`);
    s.updatedAt = Math.max(s.updatedAt, at);
    return created;
  };
  const finish = (state: StepState, at: number) => {
    const step = current();
    if (step && step.end === null) {
      step.end = at;
      step.state = state;
    }
    s.finishedAt = at;
    s.updatedAt = Math.max(s.updatedAt, at);
  };

  /**
   * Runs a stretch of work from `t` for `duration` active ms (Infinity: until an action), moving
   * progress linearly to `to`. Returns the time it ended, or null when `now` falls inside it.
   */
  const run = (t: number, duration: number, to: number, stalled: boolean): number | null => {
    const from = s.progress;
    let segStart = t;
    let active = 0;
    const at = (elapsed: number) =>
      duration === Number.POSITIVE_INFINITY || duration === 0
        ? from
        : from + ((to - from) * elapsed) / duration;
    const mark = (elapsed: number, wall: number) => {
      s.progress = at(elapsed);
      if (to !== from && Number.isFinite(duration)) {
        const whole = Math.floor(s.progress);
        const reachedAfter = ((whole - from) / (to - from)) * duration;
        const reachedAt = wall - (elapsed - Math.max(0, reachedAfter));
        s.updatedAt = Math.max(s.updatedAt, Math.min(wall, Math.max(segStart, reachedAt)));
      }
    };
    for (;;) {
      const end = segStart + (duration - active);
      const a = next(["pause", "cancelTask"], segStart, Math.min(end - 1, now));
      if (a) {
        active += a.at - segStart;
        mark(active, a.at);
        if (a.kind === "cancelTask") return cancel(a.at);
        pauseAt(a.at);
        const r = next(["resume", "cancelTask"], a.at, now);
        if (!r) {
          s.status = "paused";
          return null;
        }
        if (r.kind === "cancelTask") return cancel(r.at);
        resumeAt(r.at);
        segStart = r.at;
        continue;
      }
      if (end > now) {
        mark(active + (now - segStart), now);
        s.status = stalled ? "stalled" : "running";
        return null;
      }
      mark(duration, end);
      s.progress = to;
      return end;
    }
  };
  const cancel = (at: number): null => {
    finish("cancelled", at);
    s.status = "cancelled";
    event(at, "UpgradeCanceled", "upgrade canceled by user", "Warning");
    return null;
  };
  const pauseAt = (at: number) => {
    const step = current();
    if (step) step.state = "paused";
    s.updatedAt = Math.max(s.updatedAt, at);
    event(at, "UpgradePaused", "upgrade paused");
  };
  const resumeAt = (at: number) => {
    const step = current();
    if (step) step.state = "running";
    s.updatedAt = Math.max(s.updatedAt, at);
    event(at, "UpgradeResumed", "upgrade resumed");
  };

  let queue: readonly Phase[] = script.timeline;
  let t = startedAt;
  for (let i = 0; ; i++) {
    const phase = queue[i];
    if (phase === undefined) {
      // A script that ends without success or failure leaves the upgrade stuck where it is.
      s.status = "stalled";
      return s;
    }
    const stepName = STEP_OF[phase.phase];
    if (stepName) enter(stepName, t);
    switch (phase.phase) {
      case "precheck":
      case "snapshot": {
        const end = t + phase.duration;
        if (end > now) {
          s.status = phase.phase;
          return s;
        }
        t = end;
        break;
      }
      case "upgrade":
      case "stall": {
        const duration =
          phase.phase === "stall" ? (phase.duration ?? Number.POSITIVE_INFINITY) : phase.duration;
        const to = phase.phase === "upgrade" ? phase.progressTo : s.progress;
        const end = run(t, duration, to, phase.phase === "stall");
        if (end === null) return s;
        t = end;
        break;
      }
      case "pause": {
        pauseAt(t);
        const limit = phase.duration === undefined ? now : Math.min(now, t + phase.duration);
        const r = next(["resume", "cancelTask"], t, limit);
        if (r?.kind === "cancelTask") {
          cancel(r.at);
          return s;
        }
        const end = r ? r.at : phase.duration === undefined ? null : t + phase.duration;
        if (end === null || end > now) {
          s.status = "paused";
          return s;
        }
        resumeAt(end);
        t = end;
        break;
      }
      case "success": {
        s.progress = 100;
        finish("success", t);
        s.status = "succeeded";
        event(t, "UpgradeSucceed", "upgrade cluster succeeded");
        collectAfterEnd(s, actions, now);
        return s;
      }
      case "failure": {
        finish("failed", t);
        s.status = "failed";
        s.failureMessage = phase.message;
        event(t, "UpgradeFailed", phase.message, "Warning");
        const retry = next(["retry", "cancelTask"], t, now);
        if (retry?.kind === "cancelTask") {
          cancel(retry.at);
          return s;
        }
        if (!retry) {
          collectAfterEnd(s, actions, now);
          return s;
        }
        s.retries++;
        s.finishedAt = null;
        s.failureMessage = null;
        const step = current();
        if (step) {
          step.end = null;
          step.state = "running";
        }
        s.updatedAt = Math.max(s.updatedAt, retry.at);
        event(retry.at, "UpgradeRetry", "retry upgrade cluster");
        queue = script.afterRetry;
        i = -1;
        t = retry.at;
        break;
      }
    }
  }
}

/** Workflow cancels and postchecks do not move the task; they only decorate a finished upgrade. */
function collectAfterEnd(s: UpgradeState, actions: readonly UpgradeAction[], now: number): void {
  for (const a of actions) {
    if (a.at > now || s.finishedAt === null || a.at < s.finishedAt) continue;
    if (a.kind === "cancelWorkflow" && s.workflowCancelledAt === null) s.workflowCancelledAt = a.at;
    if (a.kind === "postcheck") s.postchecks.push({ uid: a.uid, at: a.at, result: a.result });
  }
}

const label = (name: StepName): string =>
  name === "precheck" ? "PreCheck" : name === "snapshot" ? "Snapshot" : "Upgrade";
