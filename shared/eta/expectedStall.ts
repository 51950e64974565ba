import type { Upgrade } from "../model/snapshot.ts";
import type { Eta } from "./estimateEta.ts";

/** How many times its usual duration an upgrade (or step) may run before it counts as stalled. */
export const AUTO_STALL_FACTOR = 2;
/** `stallAfter: auto` never calls anything a stall before it has run this long. */
export const AUTO_STALL_FLOOR_MS = 30 * 60_000;

/**
 * When an upgrade running in `auto` mode becomes stalled, computed before decide from the ETA
 * (so decide stays a pure function of what it is given): the current step's start plus twice
 * its usual duration where the cloud reports steps and the step was seen before, otherwise the
 * upgrade's creation plus twice its usual total; never sooner than `floorMs` after that start.
 * `onset` is epoch ms and does not move while the upgrade stays in the same step, which is what
 * lets decide announce it once, as an edge, like the fixed rule's onset.
 */
export interface ExpectedStall {
  onset: number;
  /** The step the judgement is about, or null for the whole upgrade. */
  step: string | null;
  /** Epoch ms the judged step (or the upgrade) started. */
  since: number;
  /** How long that step (or the whole upgrade) usually takes, in ms. */
  usualMs: number;
  thresholdMs: number;
}

/**
 * The `auto` stall judgement for a running upgrade, or null when there is nothing to judge it
 * against (no ETA: no finished upgrade in the cluster's or the fleet's history); decide then
 * falls back to the fixed rule with `fallbackMs`.
 */
export function expectedStall(
  upgrade: Upgrade,
  eta: Eta | null,
  floorMs: number,
): ExpectedStall | null {
  if (eta === null || upgrade.createdAt === null) return null;
  if (eta.step !== null && eta.step.usualMs !== null) {
    const since = Date.parse(eta.step.startedAt);
    const thresholdMs = Math.max(AUTO_STALL_FACTOR * eta.step.usualMs, floorMs);
    return {
      onset: since + thresholdMs,
      step: eta.step.name,
      since,
      usualMs: eta.step.usualMs,
      thresholdMs,
    };
  }
  const since = Date.parse(upgrade.createdAt);
  const thresholdMs = Math.max(AUTO_STALL_FACTOR * eta.usualTotalMs, floorMs);
  return { onset: since + thresholdMs, step: null, since, usualMs: eta.usualTotalMs, thresholdMs };
}
