import type { ClusterRef } from "../../shared/model/cluster.ts";
import type { Phase, Upgrade, UpgradeSnapshot } from "../../shared/model/snapshot.ts";
import { iso, steps } from "../helpers/upgrades.ts";

/**
 * A simulated provider for the property tests: a timeline of upgrades, each a run of phase
 * segments, read at any instant the way the adapters would present it. The ground truth
 * (which transitions happened when, which level conditions hold) is computed from the
 * timeline, independently of decide's own rules.
 */

export type Terminal = "succeeded" | "failed" | "cancelled" | "failed-then-cancelled";
export type TerminalTime = "finishedAt" | "clusterStep" | "both";

export interface UpgradeSpec {
  id: string;
  /** Time from the previous upgrade's last transition (or the timeline start) to creation. */
  gap: number;
  /** Non-terminal segments, in order, the first starting at creation. */
  segs: { phase: Phase; dur: number }[];
  terminal: Terminal;
  /** Time the failed phase lasts before the cancel, for failed-then-cancelled. */
  cancelAfter: number;
  terminalTime: TerminalTime;
  /** CCE: time after success when someone records a PostCheck (null: never). */
  postcheckAfter: number | null;
  /** CCE: whether the failed workflow is left in a cancellable state (Pending) or Running. */
  cancellable: boolean;
}

export interface Timeline {
  cluster: ClusterRef;
  start: number;
  upgrades: UpgradeSpec[];
}

interface Seg {
  phase: Phase;
  start: number;
  /** Exclusive; Infinity for the last state of the last upgrade. */
  end: number;
}

export interface ModelUpgrade {
  spec: UpgradeSpec;
  createdAt: number;
  segs: Seg[];
  postcheckAt: number | null;
}

export interface Transition {
  detailType:
    | "Upgrade Started"
    | "Upgrade Paused"
    | "Upgrade Stalled"
    | "Upgrade Succeeded"
    | "Upgrade Failed"
    | "Upgrade Cancelled";
  at: number;
}

const ACTIVE: readonly Phase[] = ["pending", "prechecking", "running"];

/** A state no source documents, as each provider might send it. */
const UNDOCUMENTED: Record<ClusterRef["provider"], string> = {
  cce: "Rollback",
  "cce-autopilot": "RollingBack",
  ack: "rolling_back",
};

export function materialize(tl: Timeline): ModelUpgrade[] {
  const out: ModelUpgrade[] = [];
  let cursor = tl.start;
  for (const spec of tl.upgrades) {
    const createdAt = cursor + spec.gap;
    const segs: Seg[] = [];
    let t = createdAt;
    for (const s of spec.segs) {
      segs.push({ phase: s.phase, start: t, end: t + s.dur });
      t += s.dur;
    }
    if (spec.terminal === "failed-then-cancelled") {
      segs.push({ phase: "failed", start: t, end: t + spec.cancelAfter });
      t += spec.cancelAfter;
      segs.push({ phase: "cancelled", start: t, end: Number.POSITIVE_INFINITY });
    } else {
      segs.push({ phase: spec.terminal, start: t, end: Number.POSITIVE_INFINITY });
    }
    const done = segs.at(-1) as Seg;
    const postcheckAt =
      spec.terminal === "succeeded" && spec.postcheckAfter !== null
        ? t + spec.postcheckAfter
        : null;
    out.push({ spec, createdAt, segs, postcheckAt });
    cursor = done.start;
    const previous = out.at(-2);
    if (previous) (previous.segs.at(-1) as Seg).end = createdAt;
  }
  return out;
}

/** The upgrade and segment current at `at`, or null before the first upgrade. */
export function stateAt(
  model: ModelUpgrade[],
  at: number,
): { upgrade: ModelUpgrade; seg: Seg } | null {
  const upgrade = [...model].reverse().find((u) => u.createdAt <= at);
  if (!upgrade) return null;
  const seg = [...upgrade.segs].reverse().find((s) => s.start <= at) as Seg;
  return { upgrade, seg };
}

export function snapshotAt(tl: Timeline, model: ModelUpgrade[], at: number): UpgradeSnapshot {
  const state = stateAt(model, at);
  return { cluster: tl.cluster, readAt: iso(at), upgrade: state ? render(tl, state, at) : null };
}

function render(
  tl: Timeline,
  { upgrade, seg }: NonNullable<ReturnType<typeof stateAt>>,
  at: number,
): Upgrade {
  const { spec } = upgrade;
  const cce = tl.cluster.provider !== "ack";
  const terminal = seg.phase === "succeeded" || seg.phase === "failed";
  const via = cce ? spec.terminalTime : "finishedAt";
  const failedSeg = upgrade.segs.find((s) => s.phase === "failed");
  let finishedAt: string | null = null;
  let clusterStepEnd: string | null = null;
  if (terminal) {
    if (via !== "clusterStep") finishedAt = iso(via === "both" ? seg.start + 30_000 : seg.start);
    if (via !== "finishedAt") clusterStepEnd = iso(seg.start);
  }
  if (seg.phase === "cancelled") {
    finishedAt = iso(seg.start);
    if (failedSeg && via !== "finishedAt") clusterStepEnd = iso(failedSeg.start);
  }
  const clusterStatus =
    seg.phase === "succeeded"
      ? "Success"
      : seg.phase === "failed" || seg.phase === "cancelled"
        ? failedSeg
          ? "Failed"
          : null
        : seg.phase === "running"
          ? "Running"
          : null;
  const postcheckRecorded = upgrade.postcheckAt !== null && upgrade.postcheckAt <= at;
  return {
    id: spec.id,
    phase: seg.phase,
    rawPhase: seg.phase === "unknown" ? UNDOCUMENTED[tl.cluster.provider] : seg.phase,
    progress: null,
    fromVersion: "v1.28",
    toVersion: "v1.29",
    createdAt: iso(upgrade.createdAt),
    finishedAt,
    updatedAt: iso(seg.start),
    steps: cce
      ? steps({
          PreCheck: { status: "Success" },
          Cluster: { status: clusterStatus, finishedAt: clusterStepEnd },
          PostCheck: { status: postcheckRecorded ? "Success" : null },
        })
      : [],
    message: null,
    source: cce ? "cce-task" : "ack-task",
    workflowId: cce ? `wf-${spec.id}` : null,
    workflowPhase: cce
      ? seg.phase === "cancelled"
        ? "Cancel"
        : seg.phase === "succeeded"
          ? "Success"
          : seg.phase === "failed" && spec.cancellable
            ? "Pending"
            : "Running"
      : null,
  };
}

/** Every transition in the timeline, with the time the promise says it is announced from. */
export function transitions(model: ModelUpgrade[], stallThresholdMs: number): Transition[] {
  const out: Transition[] = [];
  for (const u of model) {
    // The run covering the creation reads the first segment; an undocumented phase is never
    // announced as started (it is announced as Read Degraded instead).
    if (u.segs[0]?.phase !== "unknown")
      out.push({ detailType: "Upgrade Started", at: u.createdAt });
    for (const s of u.segs) {
      if (s.phase === "paused") out.push({ detailType: "Upgrade Paused", at: s.start });
      if (ACTIVE.includes(s.phase) && s.end - s.start > stallThresholdMs) {
        out.push({ detailType: "Upgrade Stalled", at: s.start + stallThresholdMs });
      }
      if (s.phase === "succeeded") out.push({ detailType: "Upgrade Succeeded", at: s.start });
      if (s.phase === "failed") out.push({ detailType: "Upgrade Failed", at: s.start });
      if (s.phase === "cancelled") out.push({ detailType: "Upgrade Cancelled", at: s.start });
    }
  }
  return out;
}

/** The last instant anything changes. */
export function lastChange(model: ModelUpgrade[]): number {
  const last = model.at(-1) as ModelUpgrade;
  return Math.max((last.segs.at(-1) as Seg).start, last.postcheckAt ?? 0);
}

export const isActive = (phase: Phase): boolean => ACTIVE.includes(phase);
