import type { Upgrade } from "../model/snapshot.ts";

/**
 * The cluster's other upgrades from a list the read already fetched, newest first: each item
 * but the current one, mapped on its own. An item that does not map (a time in no documented
 * form) is left out rather than failing the read: a broken old task never hides the current
 * upgrade.
 */
export function pastUpgrades<T>(
  items: readonly T[],
  current: T | undefined,
  map: (item: T) => Upgrade,
): Upgrade[] {
  const out: Upgrade[] = [];
  for (const item of items) {
    if (item === current) continue;
    try {
      out.push(map(item));
    } catch {
      // Left out; see above.
    }
  }
  const at = (u: Upgrade) =>
    u.createdAt === null ? Number.NEGATIVE_INFINITY : Date.parse(u.createdAt);
  return out.sort((a, b) => at(b) - at(a));
}
