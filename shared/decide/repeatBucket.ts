import type { WindowMs } from "./windowMs.ts";

export interface RepeatBucket {
  /** Epoch ms of the bucket `floor(t / repeat) * repeat` that holds this run's `t`. */
  start: number;
  /** This run is the first grid point in its bucket: the previous run's `t` was in another one. */
  first: boolean;
}

/**
 * Alertmanager's repeat_interval without memory: a bucket changes exactly once between two
 * consecutive runs, so "fire when this run is the first of its bucket" fires once per bucket,
 * and a retried run (same `t`) agrees. Works when `repeat` is not a multiple of the interval,
 * and fires every run when it is shorter.
 */
export function repeatBucket(w: WindowMs, repeatMs: number): RepeatBucket {
  const bucket = Math.floor(w.t / repeatMs);
  const previous = Math.floor((w.t - w.intervalMs) / repeatMs);
  return { start: bucket * repeatMs, first: bucket !== previous };
}
