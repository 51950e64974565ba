import { type Window, WindowSchema } from "../events/window.ts";

/** A window in epoch milliseconds, with the interval and lag it implies. */
export interface WindowMs {
  t: number;
  start: number;
  end: number;
  intervalMs: number;
  lagMs: number;
}

/** Parses once, so the rules compare numbers, and rejects a window that cannot have come from `windowFor`. */
export function windowMs(window: Window): WindowMs {
  const w = WindowSchema.parse(window);
  const t = Date.parse(w.t);
  const start = Date.parse(w.start);
  const end = Date.parse(w.end);
  if (!(start < end && end <= t)) {
    throw new RangeError(`window must satisfy start < end <= t: ${JSON.stringify(w)}`);
  }
  return { t, start, end, intervalMs: end - start, lagMs: t - end };
}

/** Half-open on the left, closed on the right, so a timestamp on a boundary belongs to one window. */
export function inWindow(w: WindowMs, at: number): boolean {
  return w.start < at && at <= w.end;
}
