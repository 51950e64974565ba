/**
 * The last part of an event id (DESIGN.md, "Event ids"): the transition time for edges, the
 * bucket for repeats, and `T` for level events. Tagged, so a time and a bucket never collide.
 */
export const transitionKey = (at: number): string[] => ["at", new Date(at).toISOString()];
export const bucketKey = (bucketStart: number): string[] => [
  "bucket",
  new Date(bucketStart).toISOString(),
];
export const levelKey = (t: number): string[] => ["t", new Date(t).toISOString()];
