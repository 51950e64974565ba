import { DeadlineError } from "../errors.ts";

/**
 * Kept back from Lambda's remaining time to publish what was read, log and flush metrics. A run
 * publishes one PutEvents call per 10 events, one after another (at most a few hundred events
 * for the 500 clusters an invocation reads, tens of ms each in the region), and retries failed
 * entries twice after 100 and 200 ms: 10 s covers that with room.
 */
export const PUBLISH_MARGIN_MS = 10_000;

/**
 * Kept back from the read, besides the publishing margin, when a cluster has
 * `quietDuringUpgrade`: the silences are lifted (and made or extended) after the read and before
 * publishing. Each target call has its own timeout (5 s by default) and several run at once, so
 * 20 s covers a list and a change per target with room; what is not done by then is reported.
 */
export const QUIET_MARGIN_MS = 20_000;

export interface RunDeadline {
  /** Aborts, with a `DeadlineError` as its reason, when the time is up; none without a deadline. */
  signal: AbortSignal | undefined;
  /** Stops the timer once the read is done. */
  clear(): void;
}

/**
 * A deadline `ms` of real time from now (the run's injected clock may be a simulated one; Lambda's
 * timeout is not). Without `ms`, no deadline.
 */
export function runDeadline(ms: number | undefined): RunDeadline {
  if (ms === undefined) return { signal: undefined, clear: () => {} };
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new DeadlineError(ms)), Math.max(0, ms));
  timer.unref();
  return { signal: controller.signal, clear: () => clearTimeout(timer) };
}

/**
 * How long an invocation may read: Lambda's remaining time (`context.getRemainingTimeInMillis()`)
 * less the publishing margin, never below 0. Undefined for a context without that method or a
 * number from it (a test's `{}`): such an invocation reads without a deadline.
 */
export function lambdaReadTime(context: unknown, marginMs = PUBLISH_MARGIN_MS): number | undefined {
  const remaining = (context as { getRemainingTimeInMillis?: unknown } | null)
    ?.getRemainingTimeInMillis;
  if (typeof remaining !== "function") return undefined;
  const ms: unknown = remaining.call(context);
  return typeof ms === "number" && Number.isFinite(ms) ? Math.max(0, ms - marginMs) : undefined;
}
