import type { Rollout } from "../config/rollout.ts";
import { pollShardRequested } from "../decide/pollRequests.ts";
import { EVENT_SOURCE } from "../events/detailType.ts";
import { CUT_TO_BYTES, entrySize } from "../events/fitEntry.ts";
import type { EventOf } from "../events/shepherdEvent.ts";
import type { Window } from "../events/window.ts";
import { rateShares, shardRunCount, shardRuns } from "../poll/shards.ts";
import type { InventoryCluster } from "./inventory.ts";

/**
 * One Poll Shard Requested per run of the sorted inventory, for a scheduled run that discovered
 * clusters. Each carries its run's first and last cluster key, the discovered clusters in it
 * (the listed ones the shard takes from its own config), and each credential set's share of its
 * rate, so a shard and its retries read exactly this run without listing again, and the pace
 * of a key is split as if the shards saw the whole inventory. EventBridge takes 256 KB per
 * entry: when a run's entry would be larger than the publisher's cut size (`CUT_TO_BYTES`), the
 * inventory is cut into more, smaller runs until each fits (bounded: one cluster per run at
 * most). Pure and deterministic: the same inventory gives the same events and ids.
 */
export function shardRequests(
  window: Window,
  inventory: readonly InventoryCluster[],
  rollouts: readonly Rollout[],
  shardSize: number,
  bus: string,
): EventOf<"Poll Shard Requested">[] {
  let count = shardRunCount(inventory, rollouts, shardSize);
  for (;;) {
    const events = cut(window, inventory, rollouts, count);
    const fits = events.every((e) => rawSize(e, bus) <= CUT_TO_BYTES);
    if (fits || count >= inventory.length) return events;
    count = Math.min(inventory.length, count * 2);
  }
}

/**
 * The runs of `shardRuns` as requests. A run of clusters no rollout covers is named by its key
 * range; a rollout group's run by its rollouts (its clusters are not one range of keys: the
 * shard takes those the rollouts cover). A group is never split, so only the other runs get
 * smaller when an entry is too large.
 */
function cut(
  window: Window,
  inventory: readonly InventoryCluster[],
  rollouts: readonly Rollout[],
  count: number,
): EventOf<"Poll Shard Requested">[] {
  const runs = shardRuns(inventory, rollouts, count).filter((run) => run.clusters.length > 0);
  return runs.map((run, index) => {
    const clusters = run.clusters as InventoryCluster[];
    const first = clusters[0] as InventoryCluster;
    const last = clusters[clusters.length - 1] as InventoryCluster;
    return pollShardRequested({
      window,
      shard: { index, count: runs.length },
      carried: {
        ...(run.rollouts.length > 0
          ? { rollouts: run.rollouts }
          : { range: { first: first.key, last: last.key } }),
        discovered: clusters.filter((c) => c.origin === "discovered").map((c) => c.ref),
        shares: Object.fromEntries(rateShares(clusters, inventory)),
      },
    });
  });
}

/**
 * The entry's size as it would be sent whole: measured before the publisher's `fitEntry`, which
 * would otherwise cut an oversized request (its labels) to fit instead of the run being split.
 */
const rawSize = (e: EventOf<"Poll Shard Requested">, bus: string): number =>
  entrySize({
    Source: EVENT_SOURCE,
    DetailType: e.detailType,
    Detail: JSON.stringify(e.detail),
    EventBusName: bus,
    Time: new Date(e.time),
  });
