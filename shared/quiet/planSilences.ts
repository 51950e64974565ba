import { lastActivityAt, startedAt, terminalAt } from "../decide/upgradeTimes.ts";
import { windowMs } from "../decide/windowMs.ts";
import type { UnsilenceReason } from "../events/quietDetails.ts";
import type { Window } from "../events/window.ts";
import type { Phase, UpgradeSnapshot } from "../model/snapshot.ts";
import type { Marker } from "./marker.ts";

/** One silence of ours on a target, as its I/O shell lists it: what planning needs. */
export interface FoundSilence {
  id: string;
  marker: Marker;
  /** Its comment (Alertmanager) or description (PagerDuty): words, then the marker. */
  text: string;
  /** ISO 8601. */
  startsAt: string;
  endsAt: string;
  /**
   * `active` (in force), `pending` (starts later) or `expired` (ended: lifted, expired by hand, or
   * lapsed). Alertmanager says it (`status.state`); for PagerDuty it follows from the times.
   */
  state: "active" | "pending" | "expired";
}

/** The cluster's `quietDuringUpgrade`, as planning reads it. */
export interface QuietPolicy {
  /** The phases kept quiet (default pending, prechecking, running, paused). */
  phases: readonly Phase[];
  /** How long a silence lasts past the run that sets or extends it, in ms. */
  lapseAfterMs: number;
  /** Active (not paused) with no timestamp newer than this: stalled, never kept quiet. */
  stallThresholdMs: number;
  /**
   * The longest one upgrade is kept quiet, in ms, from its start (`quietSince`): a run at or past
   * that lifts its silence (`max-length`) and makes none again.
   */
  maxLengthMs: number;
}

/** Whether the upgrade read now is kept quiet, and if not, why. */
export type QuietVerdict =
  | { quiet: true; upgradeId: string }
  | { quiet: false; reason: UnsilenceReason };

/** Why a silence of ours is ended: the verdict's reason, or a second silence for one upgrade. */
export type ExpireReason = UnsilenceReason | "duplicate";

export interface SilencePlan<S extends FoundSilence = FoundSilence> {
  verdict: QuietVerdict;
  /** A new silence for the current upgrade, from now until `lapseAfter` from now; or none. */
  create: { upgradeId: string; startsAt: string; endsAt: string } | null;
  /** The silence this run keeps in force (found), if it keeps one. */
  kept: S | null;
  /**
   * `kept`, moved to end `lapseAfter` from now (never earlier than it ends), its marker naming this
   * run; null when this run (a retry of it) already extended it.
   */
  extend: { silence: S; endsAt: string } | null;
  /** Every other silence of ours that is still in force. */
  expire: { silence: S; reason: ExpireReason }[];
  /** Silences of the current upgrade that had already ended before this run. */
  ended: S[];
}

const ACTIVE: readonly Phase[] = ["pending", "prechecking", "running"];

/**
 * The verdict for one read: no upgrade, or one that succeeded, failed or was cancelled, is not
 * quiet; neither is a stalled one (active, with its newest timestamp at least the stall threshold
 * before the window's end, the rule `decide` announces Upgrade Stalled by), nor one in a phase the
 * config leaves out (or `unknown`). Otherwise it is quiet.
 */
export function quietVerdict(
  snapshot: UpgradeSnapshot,
  window: Window,
  policy: Pick<QuietPolicy, "phases" | "stallThresholdMs">,
): QuietVerdict {
  const u = snapshot.upgrade;
  if (u === null) return { quiet: false, reason: "no-upgrade" };
  if (u.phase === "succeeded" || u.phase === "failed" || u.phase === "cancelled") {
    return { quiet: false, reason: u.phase };
  }
  if (ACTIVE.includes(u.phase)) {
    const last = lastActivityAt(u);
    if (last !== null && last + policy.stallThresholdMs <= windowMs(window).end) {
      return { quiet: false, reason: "stalled" };
    }
  }
  if (!policy.phases.includes(u.phase)) return { quiet: false, reason: "phase" };
  return { quiet: true, upgradeId: u.id };
}

/**
 * How late a run may be and still act on the upgrade it reads: Lambda's async retries hand an
 * event back for up to an hour (`maximumEventAge: 3600`).
 */
const LATE_RUN_MS = 3_600_000;

/**
 * Whether a silence of ours could still be in force for this read, so the run must list the
 * target: always while the upgrade is kept quiet; never when the cluster shows no upgrade (a
 * silence of a vanished upgrade lapses by itself); otherwise until its newest time (its end, its
 * stall onset, its last sign of life) is further back than the longest a silence outlives the last
 * run that kept it quiet: `lapseAfter`, two intervals, the lag and a late run's hour. A read with
 * no times at all (legacy) is always listed. Pure; it spares an idle fleet a request per cluster
 * and target in every run.
 */
export function silenceMayBeInForce(
  snapshot: UpgradeSnapshot,
  window: Window,
  policy: QuietPolicy,
): boolean {
  const verdict = quietVerdict(snapshot, window, policy);
  const u = snapshot.upgrade;
  const w = windowMs(window);
  const outlives = policy.lapseAfterMs + 2 * w.intervalMs + w.lagMs + LATE_RUN_MS;
  if (verdict.quiet) {
    // No run at or past the cap extends a silence: the last one ends by cap + lapseAfter.
    const start = u === null ? null : (startedAt(u)?.at ?? null);
    return start === null || w.t <= start + policy.maxLengthMs + outlives;
  }
  if (u === null) return false;
  const last = lastActivityAt(u);
  const stalled = verdict.reason === "stalled" && last !== null;
  const onset = stalled ? last + policy.stallThresholdMs : null;
  const known = [terminalAt(u)?.at ?? null, last, onset].filter((t): t is number => t !== null);
  if (known.length === 0) return true;
  return w.t <= Math.max(...known) + outlives;
}

/**
 * When the current upgrade began to be kept quiet, in ms, for `maxLength`: the upgrade's start as
 * the cloud dates it (the task's creation, which never changes); for a read with no such time, the
 * earliest silence of ours for it the target still lists (its start, or its marker's `T`, which an
 * Alertmanager replacement keeps), ended ones included; null when there is neither (a first run).
 */
export function quietSince(
  snapshot: UpgradeSnapshot,
  found: readonly FoundSilence[],
): number | null {
  const u = snapshot.upgrade;
  if (u === null) return null;
  const started = startedAt(u);
  if (started !== null) return started.at;
  const times = found
    .filter((s) => s.marker.upgradeId === u.id)
    .flatMap((s) => [Date.parse(s.startsAt), Date.parse(s.marker.t)])
    .filter((t) => Number.isFinite(t));
  return times.length === 0 ? null : Math.min(...times);
}

/**
 * Pure: what one run does with one cluster's silences on one target, from the read, the
 * silences of ours the target holds for the cluster, the policy and the clock. No memory: every
 * fact comes from the read and the target.
 * - Quiet: keep one silence of the current upgrade in force until `lapseAfter` from now: extend
 *   it once per run (its marker names the last run, `T`, that did: a retry of that run changes
 *   nothing), or create one when none is in force. Two in force (two overlapping runs both
 *   created one) keep the later-ending one and end the other.
 * - Not quiet: end every silence of ours in force, with the verdict's reason.
 * Either way, a silence of an earlier upgrade still in force is ended (`superseded`).
 * - Quiet for `maxLength` since `quietSince` (now at or past it): as not quiet, reason
 *   `max-length`; nothing is made again for that upgrade, so no silence of ours outlives the
 *   upgrade's start by more than `maxLength` + `lapseAfter`.
 * A silence whose `endsAt` has passed counts as ended, whatever its state says: if the shepherd
 * stops running, its silence lapses by itself.
 */
export function planSilences<S extends FoundSilence>(input: {
  snapshot: UpgradeSnapshot;
  window: Window;
  policy: QuietPolicy;
  found: readonly S[];
  now: Date;
}): SilencePlan<S> {
  const { policy, now } = input;
  const nowMs = now.getTime();
  const judged = quietVerdict(input.snapshot, input.window, policy);
  const since = judged.quiet ? quietSince(input.snapshot, input.found) : null;
  // The bound is judged on the run's time (`T`), the clock the cloud's own times are on, as
  // `silenceMayBeInForce` does; the silence's own end is on the target's clock (`now`).
  const runMs = Date.parse(input.window.t);
  const verdict: QuietVerdict =
    since !== null && runMs >= since + policy.maxLengthMs
      ? { quiet: false, reason: "max-length" }
      : judged;
  const inForce = (s: S) => s.state !== "expired" && Date.parse(s.endsAt) > nowMs;
  const currentId = input.snapshot.upgrade?.id ?? null;
  const live = input.found.filter(inForce);
  const ended = input.found.filter((s) => !inForce(s) && s.marker.upgradeId === currentId);
  // With no upgrade read, every silence of ours is lifted for that reason, not as superseded.
  const isCurrent = (s: S) => currentId === null || s.marker.upgradeId === currentId;
  const expire: SilencePlan<S>["expire"] = live
    .filter((s) => !isCurrent(s))
    .map((silence) => ({ silence, reason: "superseded" }));
  const mine = live
    .filter(isCurrent)
    .sort((a, b) => Date.parse(b.endsAt) - Date.parse(a.endsAt) || a.id.localeCompare(b.id));
  const endsAt = new Date(nowMs + policy.lapseAfterMs).toISOString();
  if (!verdict.quiet) {
    expire.push(...mine.map((silence) => ({ silence, reason: verdict.reason })));
    return { verdict, create: null, kept: null, extend: null, expire, ended };
  }
  const [kept = null, ...extra] = mine;
  expire.push(...extra.map((silence) => ({ silence, reason: "duplicate" as const })));
  if (kept === null) {
    const create = { upgradeId: verdict.upgradeId, startsAt: now.toISOString(), endsAt };
    return { verdict, create, kept: null, extend: null, expire, ended };
  }
  const t = input.window.t;
  const later = new Date(Math.max(nowMs + policy.lapseAfterMs, Date.parse(kept.endsAt)));
  const done = (kept.marker.last ?? kept.marker.t) === t;
  const extend = done ? null : { silence: kept, endsAt: later.toISOString() };
  return { verdict, create: null, kept, extend, expire, ended };
}
