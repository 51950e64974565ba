/**
 * How long to wait before trying again, shared by the signed client (`client/retry.ts`), webhook
 * delivery (`notify/deliver.ts`) and the EventBridge publisher (`events/publish.ts`). Each keeps
 * its own policy and its own rule for which failures may be retried at all.
 */
export interface RetryPolicy {
  /** Attempts in all, the first included. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** No retry starts once this much time has passed since the first attempt. */
  maxTotalMs: number;
}

/** Exponential backoff with full jitter: a random delay in [0, min(max, base * 2^(attempt-1))). */
export const backoffDelay = (attempt: number, policy: RetryPolicy, random: () => number): number =>
  Math.floor(random() * Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1)));

/**
 * The one retry decision of the signed client, deliver and publish: wait what the server asked
 * (`retryAfterMs`, from Retry-After) or else the jittered backoff, unless the attempts are spent
 * (`attempt` is the one that just failed) or the wait would end past `maxTotalMs` from the first
 * attempt. Returns the wait in ms, or null to stop. Whether a failure may be retried at all is
 * the caller's (`isRetryable`, a channel's reply, an entry's error code).
 */
export function nextRetry(
  policy: RetryPolicy,
  attempt: number,
  elapsedMs: number,
  retryAfterMs: number | undefined,
  random: () => number,
): number | null {
  const wait = retryAfterMs ?? backoffDelay(attempt, policy, random);
  return attempt >= policy.maxAttempts || elapsedMs + wait > policy.maxTotalMs ? null : wait;
}
