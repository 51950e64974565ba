import { clusterKey } from "../config/clusterKey.ts";
import { ShepherdError } from "../errors.ts";
import { expectationFor, fleetSamples } from "../eta/expectation.ts";
import type { Shard } from "../events/shard.ts";
import type { EventOf, ShepherdEvent } from "../events/shepherdEvent.ts";
import type { Window } from "../events/window.ts";
import type { ClusterRef } from "../model/cluster.ts";
import { FAILURE_RULES, type Failure } from "../model/failure.ts";
import type { UpgradeSnapshot } from "../model/snapshot.ts";
import { credentialsAccepted } from "./credentialsAccepted.ts";
import { decide } from "./decide.ts";
import type { DecidePolicy } from "./policy.ts";
import { pollFailedEvents } from "./pollFailedEvents.ts";
import { pollRetryRequested } from "./pollRequests.ts";

/** One cluster of a run, as the judge needs it: which window it is judged in, by which policy. */
export interface PlannedCluster {
  cluster: ClusterRef;
  /** The credential set's name: a refused key is one alarm for all its clusters. */
  credentialSet: string;
  window: Window;
  policy: DecidePolicy;
}

/** What one invocation (a run, a shard of it, or a re-read attempt) set out to do. */
export interface RunPlan {
  /** Every cluster this invocation reads; each ends read, failed, or asked to be read again. */
  clusters: readonly PlannedCluster[];
  /** The run's own window (the schedule's interval and lag), carried by Poll Retry Requested. */
  window: Window;
  /** 1 for the scheduled run (or shard); 2 and up for Poll Retry Requested re-reads. */
  attempt: number;
  /** Re-reads the run may still ask for after this attempt; 0 makes every failure final. */
  retriesLeft: number;
  shard: Shard | null;
  /** Clusters the earlier attempts of this run found due for cancel. */
  carriedDue: number;
}

/** What the read gave: a snapshot or a failure for each planned cluster. */
export interface RunReads {
  snapshots: readonly UpgradeSnapshot[];
  failures: readonly Failure[];
}

/**
 * Every event of one invocation, from its plan and its reads, with no I/O: `decide` for each
 * cluster read, in its own window and policy; one blast-radius count (this attempt's Cancel Due
 * plus the count carried from earlier attempts) stamped, with the shard, on every Cancel Due;
 * Poll Failed for failures that are final (a kind never re-read, or no retries left), and one
 * Poll Retry Requested for the rest, carrying the count. A planned cluster that the reads neither
 * read nor failed is reported as an `internal` failure: a lost window is never dropped. Each
 * credential set that read a cluster and was refused nowhere gets `Credentials Accepted`, which
 * resolves the incident a refused key opened.
 */
export function judgeRun(plan: RunPlan, reads: RunReads): ShepherdEvent[] {
  const planned = new Map(plan.clusters.map((c) => [clusterKey(c.cluster), c]));
  const planOf = (ref: ClusterRef): PlannedCluster => {
    const c = planned.get(clusterKey(ref));
    if (!c) throw new ShepherdError(`cluster ${clusterKey(ref)} was read but not planned`);
    return c;
  };
  // A cluster too new to have enough history of its own gets the fleet's ETA: this invocation's
  // clusters of the same provider (a shard's fleet is its shard). Stalls use its own only.
  const fleet = fleetSamples(reads.snapshots);
  const decided = reads.snapshots.flatMap((s) => {
    const c = planOf(s.cluster);
    return decide(s, c.window, c.policy, expectationFor(s, fleet, Date.parse(c.window.end)));
  });
  const due = plan.carriedDue + decided.filter(isCancelDue).length;
  const events = decided.map((e) => (isCancelDue(e) ? stamp(e, due, plan.shard) : e));

  const failures = [...reads.failures, ...unaccounted(plan, reads)];
  const again = plan.retriesLeft > 0 ? failures.filter((f) => FAILURE_RULES[f.kind].reread) : [];
  const final = failures.filter((f) => !again.includes(f));
  events.push(
    ...pollFailedEvents(
      final.map(({ cluster, kind, code, message, requestId, credentialSet }) => {
        return { cluster, kind, code, message, requestId, credentialSet, attempt: plan.attempt };
      }),
      (c) => planOf(c).window,
      (c) => planOf(c).policy,
    ),
  );
  events.push(
    ...credentialsAccepted({
      read: reads.snapshots.map((s) => ({
        cluster: s.cluster,
        credentialSet: planOf(s.cluster).credentialSet,
      })),
      failures,
      window: plan.window,
      shard: plan.shard,
    }),
  );
  if (again.length > 0) {
    events.push(
      pollRetryRequested({
        window: plan.window,
        attempt: plan.attempt + 1,
        failures: again,
        shard: plan.shard,
        clustersDueForCancel: due,
      }),
    );
  }
  return events;
}

const isCancelDue = (e: ShepherdEvent): e is EventOf<"Cancel Due"> => e.detailType === "Cancel Due";

const stamp = (e: EventOf<"Cancel Due">, due: number, shard: Shard | null): ShepherdEvent => ({
  ...e,
  detail: { ...e.detail, clustersDueForCancel: due, shard },
});

function unaccounted(plan: RunPlan, reads: RunReads): Failure[] {
  const seen = new Set([...reads.snapshots, ...reads.failures].map((r) => clusterKey(r.cluster)));
  return plan.clusters
    .filter((c) => !seen.has(clusterKey(c.cluster)))
    .map((c) => ({
      cluster: c.cluster,
      credentialSet: c.credentialSet,
      kind: "internal",
      operation: null,
      status: null,
      code: null,
      message: "the read returned neither a snapshot nor a failure for this cluster",
      requestId: null,
      rawBody: null,
      attempts: 0,
    }));
}
