/**
 * Splits items, in order, into chunks of at most `maxCount` items whose `size`s add up to at
 * most `maxBytes`. An item larger than `maxBytes` on its own gets a chunk of its own (the caller
 * decides whether that is an error). Used for PutEvents calls (`events/publish.ts`) and for
 * robot digests (`notify/route.ts`).
 */
export function chunkBy<T>(
  items: readonly T[],
  limits: { maxCount: number; maxBytes: number; size: (item: T) => number },
): T[][] {
  const out: T[][] = [];
  let current: T[] = [];
  let bytes = 0;
  for (const item of items) {
    const size = limits.size(item);
    if (
      current.length > 0 &&
      (current.length >= limits.maxCount || bytes + size > limits.maxBytes)
    ) {
      out.push(current);
      current = [];
      bytes = 0;
    }
    current.push(item);
    bytes += size;
  }
  if (current.length > 0) out.push(current);
  return out;
}
