import type { RateLimit } from "./scenarioSchema.ts";

export type RateDecision = { ok: true } | { ok: false; retryAfterSeconds: number; limit: number };

/**
 * A token bucket per access key, measured on the gateway clock (injectable, so tests drive it
 * without sleeping). Like the gateways' per-account flow control, it answers throttling errors, not delays.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private readonly burst: number;

  constructor(
    private readonly limit: RateLimit,
    private readonly now: () => number,
  ) {
    this.burst = limit.burst ?? Math.max(1, Math.ceil(limit.requestsPerSecond));
  }

  take(ak: string): RateDecision {
    const now = this.now();
    const rate = this.limit.requestsPerSecond / 1000;
    const b = this.buckets.get(ak) ?? { tokens: this.burst, at: now };
    b.tokens = Math.min(this.burst, b.tokens + Math.max(0, now - b.at) * rate);
    b.at = now;
    this.buckets.set(ak, b);
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return { ok: true };
    }
    return {
      ok: false,
      retryAfterSeconds: Math.max(1, Math.ceil((1 - b.tokens) / rate / 1000)),
      limit: this.limit.requestsPerSecond,
    };
  }
}
