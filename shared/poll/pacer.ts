/**
 * Holds requests to at most `perSecond`, as a token bucket: up to a quarter second's worth may
 * start at once (the gateways' own buckets allow such bursts), and beyond that each waits for
 * its token. The gateways throttle per account per second and answer a flood with 429s that
 * cost a retry each; a steady pace reads a large fleet sooner than a flood. Under the rate, no
 * request waits and no timer is set.
 */
export type Pacer = () => Promise<void>;

export function createPacer(
  perSecond: number,
  now: () => number = Date.now,
  sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
): Pacer {
  const capacity = Math.max(1, perSecond / 4);
  let tokens = capacity;
  let last = now();
  return async () => {
    const t = now();
    tokens = Math.min(capacity, tokens + ((t - last) * perSecond) / 1000);
    last = t;
    tokens -= 1;
    // A negative balance is this request's place in the queue: it waits until refilled.
    if (tokens < 0) await sleep((-tokens * 1000) / perSecond);
  };
}
