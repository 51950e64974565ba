import type { Window } from "../events/window.ts";

/**
 * The run's window from the schedule's `time`. `T` is floored to the epoch-aligned interval
 * grid, so a late or retried invocation gets the same window, and consecutive grid points give
 * windows that tile time: `W = (t - interval - lag, t - lag]`.
 */
export function windowFor(T: Date, intervalMs: number, lagMs: number): Window {
  if (!Number.isInteger(intervalMs) || intervalMs <= 0) {
    throw new RangeError(`interval must be a positive whole number of ms, got ${intervalMs}`);
  }
  if (!Number.isInteger(lagMs) || lagMs < 0) {
    throw new RangeError(`lag must be a non-negative whole number of ms, got ${lagMs}`);
  }
  const ms = T.getTime();
  if (Number.isNaN(ms)) throw new RangeError("T is not a valid date");
  const t = Math.floor(ms / intervalMs) * intervalMs;
  const end = t - lagMs;
  return {
    t: new Date(t).toISOString(),
    start: new Date(end - intervalMs).toISOString(),
    end: new Date(end).toISOString(),
  };
}
