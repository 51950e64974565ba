import type { RateLimiter } from "../rateLimiter.ts";
import { errorsFor } from "./cloudErrors.ts";
import { answer, type GatewayStep, routed } from "./exchange.ts";

/** The scenario's per-key rate limit, if it has one: over it, the gateway's throttling answer. */
export function throttle(limiter: RateLimiter | undefined): GatewayStep {
  return (x) => {
    if (!limiter || !x.ak) return undefined;
    const decision = limiter.take(x.ak);
    if (decision.ok) return undefined;
    return answer(
      errorsFor(routed(x).cloud).throttled(decision.limit, decision.retryAfterSeconds, x.requestId),
    );
  };
}
