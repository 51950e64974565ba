import type { Step, Upgrade } from "../model/snapshot.ts";
import type { DurationSample } from "./durationSample.ts";
import { median, scaledMad } from "./stats.ts";

/** Whose past the estimate came from: the cluster's own upgrades, or the fleet's. */
export type EtaBasis = "cluster" | "fleet";

/** The step the upgrade is in now, against how long that step usually takes. */
export interface EtaStep {
  name: string;
  startedAt: string;
  elapsedMs: number;
  /** The median of this step's past durations; null when no past upgrade reported it. */
  usualMs: number | null;
}

/**
 * A running upgrade's expected finish. Times are ISO 8601 UTC; durations are milliseconds.
 * `at` is never before `now`, and `earliest <= at <= latest`.
 */
export interface Eta {
  basis: EtaBasis;
  /** How many past upgrades the estimate rests on. */
  samples: number;
  /** How long an upgrade of this cluster usually takes in all (at least the floor). */
  usualTotalMs: number;
  elapsedMs: number;
  remainingMs: number;
  at: string;
  earliest: string;
  latest: string;
  /** Running longer than it usually takes in all (or in its current step). */
  overdue: boolean;
  step: EtaStep | null;
}

export interface EtaOptions {
  /** No upgrade is expected to take less than this in all. Default 5 minutes. */
  floorMs?: number;
  /** At most this many of the newest samples count, so an old habit fades. Default 10 (cluster), 50 (fleet). */
  maxOwnSamples?: number;
  maxFleetSamples?: number;
  /** Fewer finished upgrades than this is too thin a history to estimate from. Default 3. */
  minSamples?: number;
}

export const DEFAULT_ETA_FLOOR_MS = 5 * 60_000;

/**
 * The fewest finished upgrades an estimate rests on. One or two past upgrades say little about
 * the next (one slow night is half of two), and their spread cannot be measured, so a range
 * from them would look surer than it is: below this there is no ETA, in messages or on the page.
 */
export const MIN_ETA_SAMPLES = 3;

const ESTIMATED_PHASES = new Set(["pending", "prechecking", "running"]);

/** A step is under way when the cloud says Running, or it started and has not finished. */
const isCurrent = (s: Step): boolean =>
  s.status?.toLowerCase() === "running" || (s.startedAt !== null && s.finishedAt === null);

const stepMedian = (samples: readonly DurationSample[], name: string): number | null => {
  const values = samples.flatMap((s) => s.steps.filter((x) => x.name === name).map((x) => x.ms));
  return values.length === 0 ? null : median(values);
};

/**
 * Estimates when a running upgrade finishes, from the cluster's own past successful upgrades
 * when it has at least `minSamples` (3) of them, else from the fleet's when the fleet has that
 * many (`own` and `fleet` are `durationSamples`, newest first).
 *
 * - Whole upgrade: the usual total (the median, at least `floorMs`) minus what has elapsed.
 * - Per step, where the cloud reports steps (CCE workflow points, ACK stages) and the current
 *   step was seen before: the rest of the current step's usual time plus the usual time of the
 *   steps that have not started; never earlier than the floor allows.
 * - The range is the median's uncertainty: twice the spread (scaled MAD, at least a tenth of
 *   the median) over the square root of the sample count, so more consistent history narrows it.
 *
 * Returns null for an upgrade that is not pending, prechecking or running, that has no creation
 * time, or when neither the cluster nor the fleet has `minSamples` finished upgrades. Pure:
 * the clock is `now` (epoch ms).
 */
export function estimateEta(
  upgrade: Upgrade,
  own: readonly DurationSample[],
  fleet: readonly DurationSample[],
  now: number,
  options: EtaOptions = {},
): Eta | null {
  if (!ESTIMATED_PHASES.has(upgrade.phase) || upgrade.createdAt === null) return null;
  const created = Date.parse(upgrade.createdAt);
  if (!Number.isFinite(created)) return null;
  const floor = options.floorMs ?? DEFAULT_ETA_FLOOR_MS;
  const mine = own.filter((s) => s.upgradeId !== upgrade.id).slice(0, options.maxOwnSamples ?? 10);
  const others = fleet
    .filter((s) => s.upgradeId !== upgrade.id)
    .slice(0, options.maxFleetSamples ?? 50);
  const least = Math.max(1, options.minSamples ?? MIN_ETA_SAMPLES);
  const basis: EtaBasis = mine.length >= least ? "cluster" : "fleet";
  const chosen = basis === "cluster" ? mine : others;
  if (chosen.length < least) return null;

  const totals = chosen.map((s) => s.totalMs);
  const usualTotal = Math.max(median(totals), floor);
  const elapsed = Math.max(0, now - created);
  const byTotal = Math.max(0, usualTotal - elapsed);

  const step = currentStep(upgrade, chosen, others, now);
  let remaining = byTotal;
  let overdue = elapsed > usualTotal;
  if (step?.usualMs != null) {
    const later = laterSteps(upgrade, step.name)
      .map((name) => stepMedian(chosen, name) ?? stepMedian(others, name) ?? 0)
      .reduce((a, b) => a + b, 0);
    const byStep = Math.max(0, step.usualMs - step.elapsedMs) + later;
    remaining = Math.max(byStep, floor - elapsed, 0);
    overdue = step.elapsedMs > step.usualMs;
  }

  const spread = Math.max(scaledMad(totals), 0.1 * median(totals));
  const half = (2 * spread) / Math.sqrt(chosen.length);
  const iso = (t: number) => new Date(t).toISOString();
  return {
    basis,
    samples: chosen.length,
    usualTotalMs: usualTotal,
    elapsedMs: elapsed,
    remainingMs: remaining,
    at: iso(now + remaining),
    earliest: iso(now + Math.max(0, remaining - half)),
    latest: iso(now + remaining + half),
    overdue,
    step,
  };
}

function currentStep(
  upgrade: Upgrade,
  chosen: readonly DurationSample[],
  others: readonly DurationSample[],
  now: number,
): EtaStep | null {
  const step = upgrade.steps.findLast(isCurrent);
  if (!step || step.startedAt === null) return null;
  const started = Date.parse(step.startedAt);
  if (!Number.isFinite(started)) return null;
  return {
    name: step.name,
    startedAt: step.startedAt,
    elapsedMs: Math.max(0, now - started),
    usualMs: stepMedian(chosen, step.name) ?? stepMedian(others, step.name),
  };
}

/** The steps listed after `current` that have not started yet. */
function laterSteps(upgrade: Upgrade, current: string): string[] {
  const index = upgrade.steps.findLastIndex((s) => s.name === current);
  return upgrade.steps
    .slice(index + 1)
    .filter((s) => s.startedAt === null && (s.status === null || s.status === ""))
    .map((s) => s.name);
}
