import type { ConsoleOrigins } from "../events/consoleUrl.ts";
import type { Shard } from "../events/shard.ts";
import type { ShepherdEvent } from "../events/shepherdEvent.ts";
import type { Window } from "../events/window.ts";
import type { ClusterRef } from "../model/cluster.ts";
import type { UpgradeSnapshot } from "../model/snapshot.ts";
import { decide } from "./decide.ts";
import { countCancelDue } from "./dueRules.ts";
import type { DecidePolicy } from "./policy.ts";
import { pollFailedEvents } from "./pollFailedEvents.ts";
import type { PollFailure } from "./pollFailure.ts";

export interface DecideRunOptions {
  shard?: Shard | null | undefined;
  /**
   * Clusters found due for cancel by earlier attempts of the same run (carried in Poll Retry
   * Requested), added to this attempt's own count.
   */
  clustersDueForCancelBefore?: number | undefined;
  consoleOrigins?: ConsoleOrigins | undefined;
}

/**
 * One run (or one shard, or one retry attempt) at once: decide for every snapshot, with the
 * run's blast-radius count stamped into every Cancel Due, plus Poll Failed for the reads that
 * failed for good. Events that share an id (the same cluster passed twice) are sent once.
 */
export function decideRun(
  snapshots: readonly UpgradeSnapshot[],
  failures: readonly PollFailure[],
  window: Window,
  policyFor: (cluster: ClusterRef) => DecidePolicy,
  options: DecideRunOptions = {},
): ShepherdEvent[] {
  const due = countCancelDue(snapshots, window) + (options.clustersDueForCancelBefore ?? 0);
  const events = [
    ...snapshots.flatMap((s) =>
      decide(s, window, policyFor(s.cluster), {
        clustersDueForCancel: due,
        shard: options.shard,
        consoleOrigins: options.consoleOrigins,
      }),
    ),
    ...pollFailedEvents(failures, window, policyFor, options.consoleOrigins),
  ];
  const seen = new Set<string>();
  return events.filter((e) => {
    if (seen.has(e.detail.id)) return false;
    seen.add(e.detail.id);
    return true;
  });
}
