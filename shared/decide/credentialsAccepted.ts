import { clusterKey } from "../config/clusterKey.ts";
import { hashId } from "../events/eventId.ts";
import type { Shard } from "../events/shard.ts";
import type { EventOf } from "../events/shepherdEvent.ts";
import type { Window } from "../events/window.ts";
import type { ClusterRef } from "../model/cluster.ts";
import { FAILURE_RULES, type Failure } from "../model/failure.ts";

/**
 * `Credentials Accepted` for each credential set the clouds accepted in this run: one of its
 * clusters was read (a snapshot, a degraded one included) and no request with it failed in a
 * way that belongs to the set (`FAILURE_RULES[kind].perCredentialSet`: a refused key, a set that
 * did not load). One event per set and invocation; the id covers the set and the run's time,
 * not the shard nor the attempt, so the shards and re-reads of one run publish one id (each
 * naming the clusters it read) and receivers that deduplicate resolve once. Sorted by set name,
 * clusters by key.
 *
 * @param read each cluster read in this run with the name of the credential set it was read with
 * @param failures this run's failures (final or to be re-read alike: either blocks the set)
 */
export function credentialsAccepted(args: {
  read: readonly { cluster: ClusterRef; credentialSet: string }[];
  failures: readonly Pick<Failure, "kind" | "credentialSet">[];
  window: Window;
  shard: Shard | null;
}): EventOf<"Credentials Accepted">[] {
  const refused = new Set(
    args.failures
      .filter((f) => FAILURE_RULES[f.kind].perCredentialSet && f.credentialSet !== null)
      .map((f) => f.credentialSet as string),
  );
  const bySet = new Map<string, Map<string, ClusterRef>>();
  for (const { cluster, credentialSet } of args.read) {
    if (refused.has(credentialSet)) continue;
    const clusters = bySet.get(credentialSet) ?? new Map<string, ClusterRef>();
    clusters.set(clusterKey(cluster), cluster);
    bySet.set(credentialSet, clusters);
  }
  return [...bySet.keys()].sort().map((credentialSet) => {
    const clusters = bySet.get(credentialSet) as Map<string, ClusterRef>;
    return {
      detailType: "Credentials Accepted",
      time: args.window.t,
      detail: {
        id: hashId(["Credentials Accepted", credentialSet, args.window.t]),
        severity: "info",
        window: args.window,
        credentialSet,
        clusters: [...clusters.keys()].sort().map((k) => clusters.get(k) as ClusterRef),
        shard: args.shard,
      },
    };
  });
}
