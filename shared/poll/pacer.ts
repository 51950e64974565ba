/**
 * Spaces requests to at most `perSecond`: each call waits for its slot, one `1000 / perSecond`
 * ms after the previous one. The gateways throttle per account per second and answer a burst
 * with 429s that cost a retry each; a steady pace reads a large fleet sooner than a flood.
 */
export type Pacer = () => Promise<void>;

export function createPacer(
  perSecond: number,
  now: () => number = Date.now,
  sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
): Pacer {
  const spacing = 1000 / perSecond;
  let next = Number.NEGATIVE_INFINITY;
  return async () => {
    const at = Math.max(now(), next);
    next = at + spacing;
    const wait = at - now();
    if (wait > 0) await sleep(wait);
  };
}
