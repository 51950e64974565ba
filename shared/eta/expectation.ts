import type { Provider } from "../model/cluster.ts";
import type { Upgrade, UpgradeSnapshot } from "../model/snapshot.ts";
import { type DurationSample, durationSamples } from "./durationSample.ts";
import { type Eta, estimateEta } from "./estimateEta.ts";
import { AUTO_STALL_FLOOR_MS, type ExpectedStall, expectedStall } from "./expectedStall.ts";

/** What decide is told about a running upgrade's usual pace: computed before it, never by it. */
export interface Expectation {
  eta: Eta | null;
  /** The `stallAfter: auto` onset; null when the cluster's own history is too thin to judge by. */
  stall: ExpectedStall | null;
}

/** A snapshot's upgrades: the current one first, then its history. */
export const upgradesOf = (snapshot: UpgradeSnapshot): Upgrade[] =>
  snapshot.upgrade
    ? [snapshot.upgrade, ...(snapshot.history ?? []).filter((u) => u.id !== snapshot.upgrade?.id)]
    : [...(snapshot.history ?? [])];

/** Every finished upgrade of the clusters read, per provider, newest first: the fleet's past. */
export function fleetSamples(
  snapshots: readonly UpgradeSnapshot[],
): Map<Provider, DurationSample[]> {
  const byProvider = new Map<Provider, DurationSample[]>();
  for (const s of snapshots) {
    const list = byProvider.get(s.cluster.provider) ?? [];
    list.push(...durationSamples(upgradesOf(s)));
    byProvider.set(s.cluster.provider, list);
  }
  for (const list of byProvider.values()) list.sort((a, b) => b.startedAt - a.startedAt);
  return byProvider;
}

/**
 * The ETA and the `auto` stall onset of a snapshot's current upgrade at `now` (epoch ms; the
 * poller passes the window's end, so a retried run computes the same figures).
 *
 * - `eta`: from the cluster's own history, else the fleet's of the same provider (`fleet`, as
 *   read in the same invocation: a shard's fleet is its shard), else none (`estimateEta`).
 * - `stall`: from the cluster's own history only. Its onset must not move while the upgrade
 *   stays in a step (that is what lets decide announce it once); the fleet's history changes
 *   whenever another cluster finishes and differs from shard to shard, the cluster's own does
 *   not change while it is upgrading.
 */
export function expectationFor(
  snapshot: UpgradeSnapshot,
  fleet: ReadonlyMap<Provider, readonly DurationSample[]>,
  now: number,
  floorMs: number = AUTO_STALL_FLOOR_MS,
): Expectation {
  const upgrade = snapshot.upgrade;
  if (upgrade === null) return { eta: null, stall: null };
  const own = durationSamples(snapshot.history ?? []);
  const eta = estimateEta(upgrade, own, fleet.get(snapshot.cluster.provider) ?? [], now);
  // Not `eta` even when it is the cluster's: a step it never reported takes the fleet's time.
  const ownOnly = estimateEta(upgrade, own, [], now);
  return { eta, stall: expectedStall(upgrade, ownOnly, floorMs) };
}
