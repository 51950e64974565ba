import type { ResolvedCluster } from "../config/resolveClusters.ts";
import { pollShardRequested } from "../decide/pollRequests.ts";
import { EVENT_SOURCE } from "../events/detailType.ts";
import { CUT_TO_BYTES, entrySize } from "../events/fitEntry.ts";
import type { EventOf } from "../events/shepherdEvent.ts";
import type { Window } from "../events/window.ts";
import { shardCount, shardOf } from "../poll/shards.ts";
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
  shardSize: number,
  bus: string,
): EventOf<"Poll Shard Requested">[] {
  let count = shardCount(inventory.length, shardSize);
  for (;;) {
    const events = cut(window, inventory, count);
    const fits = events.every((e) => rawSize(e, bus) <= CUT_TO_BYTES);
    if (fits || count >= inventory.length) return events;
    count = Math.min(inventory.length, count * 2);
  }
}

function cut(
  window: Window,
  inventory: readonly InventoryCluster[],
  count: number,
): EventOf<"Poll Shard Requested">[] {
  const runs = Array.from({ length: count }, (_, index) =>
    shardOf(inventory, { index, count }),
  ).filter((run) => run.length > 0) as InventoryCluster[][];
  const total = countBy(inventory);
  return runs.map((run, index) => {
    const shard = { index, count: runs.length };
    const first = run[0] as InventoryCluster;
    const last = run[run.length - 1] as InventoryCluster;
    return pollShardRequested({
      window,
      shard,
      carried: {
        range: { first: first.key, last: last.key },
        discovered: run.filter((c) => c.origin === "discovered").map((c) => c.ref),
        shares: Object.fromEntries(
          [...countBy(run)].map(([name, n]) => [name, n / (total.get(name) ?? n)]),
        ),
      },
    });
  });
}

/** Clusters per credential set. */
function countBy(clusters: readonly ResolvedCluster[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const c of clusters) out.set(c.credentials, (out.get(c.credentials) ?? 0) + 1);
  return out;
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
