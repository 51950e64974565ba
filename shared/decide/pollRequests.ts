import { hashId } from "../events/eventId.ts";
import type { PollShardRequestedDetail } from "../events/pollDetails.ts";
import { type Shard, shardKey } from "../events/shard.ts";
import type { EventOf } from "../events/shepherdEvent.ts";
import type { Window } from "../events/window.ts";
import { clusterKey } from "../model/clusterIdentity.ts";
import type { Failure } from "../model/failure.ts";

/**
 * Asks poll-status to re-read just these clusters for the original window. The id covers the
 * window, the attempt, the shard and the clusters, so a retried invocation that asks again asks
 * with the same id. `judgeRun` decides whether to ask (the plan holds the retry budget); this
 * only builds the event.
 */
export function pollRetryRequested(args: {
  window: Window;
  /** The attempt the retry will be: one more than the attempt that just failed. */
  attempt: number;
  failures: readonly Pick<Failure, "cluster" | "kind" | "code">[];
  shard?: Shard | null | undefined;
  /** Clusters this run has found due for cancel so far, its earlier attempts included. */
  clustersDueForCancel: number;
}): EventOf<"Poll Retry Requested"> {
  const { failures } = args;
  const shard = args.shard ?? null;
  const clusters = failures.map((f) => f.cluster);
  const keys = clusters.map(clusterKey).sort();
  return {
    detailType: "Poll Retry Requested",
    time: args.window.t,
    detail: {
      id: hashId(["Poll Retry Requested", args.window.t, args.attempt, shardKey(shard), ...keys]),
      severity: "debug",
      window: args.window,
      attempt: args.attempt,
      clusters,
      failures: failures.map((f) => ({
        clusterId: f.cluster.clusterId,
        kind: f.kind,
        code: f.code,
      })),
      shard,
      clustersDueForCancel: args.clustersDueForCancel,
    },
  };
}

/** Fans one scheduled run out to a shard; every shard judges the same window. */
export function pollShardRequested(args: {
  window: Window;
  shard: Shard;
  /** What a scheduled run that discovered clusters hands each shard (`PollShardRequestedDetail`). */
  carried?:
    | Pick<PollShardRequestedDetail, "range" | "discovered" | "rollouts" | "shares">
    | undefined;
}): EventOf<"Poll Shard Requested"> {
  return {
    detailType: "Poll Shard Requested",
    time: args.window.t,
    detail: {
      id: hashId(["Poll Shard Requested", args.window.t, shardKey(args.shard)]),
      severity: "debug",
      window: args.window,
      shard: args.shard,
      ...args.carried,
    },
  };
}
