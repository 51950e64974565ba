import type { ProviderErrorKind } from "../model/failure.ts";
import type { RetryPolicy } from "../retryPolicy.ts";
import type { HttpMethod } from "./types.ts";

export const DEFAULT_RETRY: RetryPolicy = {
  maxAttempts: 4,
  baseDelayMs: 200,
  maxDelayMs: 5_000,
  maxTotalMs: 30_000,
};

/**
 * Whether a failure may be tried again. A GET is safe to repeat after any transient failure.
 * Any other method is repeated only where the cloud did not act (throttling, whatever its HTTP
 * status and code, and 503). An authentication failure never is: Huawei locks a key after five
 * failures in a row. A permission refusal never is either: it does not pass by itself.
 */
export function isRetryable(
  method: HttpMethod,
  kind: ProviderErrorKind,
  status: number | undefined,
): boolean {
  if (kind === "auth" || kind === "permission" || kind === "client" || kind === "parse")
    return false;
  if (method === "GET") return true;
  return kind === "throttle" || status === 503;
}

/** Milliseconds a `Retry-After` header asks for (delta-seconds or an HTTP date), or undefined. */
export function parseRetryAfter(value: string | null | undefined, now: Date): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now.getTime());
}
