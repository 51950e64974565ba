import { consoleUrl } from "../events/consoleUrl.ts";
import { clusterEventId, hashId } from "../events/eventId.ts";
import type { ShepherdEvent } from "../events/shepherdEvent.ts";
import type { Window } from "../events/window.ts";
import type { ClusterRef } from "../model/cluster.ts";
import { byClusterKey, clusterKey } from "../model/clusterIdentity.ts";
import { FAILURE_RULES } from "../model/failure.ts";
import { bucketKey } from "./idKeys.ts";
import type { DecidePolicy } from "./policy.ts";
import { type PollFailure, PollFailureSchema } from "./pollFailure.ts";
import { repeatBucket } from "./repeatBucket.ts";
import { windowMs } from "./windowMs.ts";

type Parsed = ReturnType<typeof PollFailureSchema.parse>;

/**
 * `Poll Failed` for the reads that failed for good in this run. Every such run emits it, because
 * its window is lost and the promise is that a lost window is reported, never silently dropped;
 * the id is keyed on the repeat bucket, so within a bucket the repeats share one id and receivers
 * that deduplicate (PagerDuty, the generic webhook) alert once per bucket. A failure that belongs
 * to its credential set (`FAILURE_RULES[kind].perCredentialSet`: a refused key, a set that did not
 * load) is one critical event for every cluster it left unread: one broken key, one alarm. Each
 * event carries the window of the cluster it names.
 */
export function pollFailedEvents(
  failures: readonly PollFailure[],
  windowOf: (cluster: ClusterRef) => Window,
  policyFor: (cluster: ClusterRef) => DecidePolicy,
): ShepherdEvent[] {
  const groups = new Map<string, { credentialSet: string | null; failures: Parsed[] }>();
  for (const f of failures.map((x) => PollFailureSchema.parse(x))) {
    const credentialSet = FAILURE_RULES[f.kind].perCredentialSet ? f.credentialSet : null;
    const key = credentialSet !== null ? `credential:${credentialSet}` : clusterKey(f.cluster);
    const group = groups.get(key) ?? { credentialSet, failures: [] };
    group.failures.push(f);
    groups.set(key, group);
  }
  return [...groups.values()].map((g) => event(g.credentialSet, g.failures, windowOf, policyFor));
}

/** The alert names the first affected cluster (by cluster key), so a retry names the same one. */
function event(
  credentialSet: string | null,
  failures: Parsed[],
  windowOf: (cluster: ClusterRef) => Window,
  policyFor: (cluster: ClusterRef) => DecidePolicy,
): ShepherdEvent {
  const affected = uniqueClusters(failures.map((f) => f.cluster)).sort(byClusterKey);
  const cluster = affected[0] as ClusterRef;
  const shown = failures.filter((f) => clusterKey(f.cluster) === clusterKey(cluster)).at(-1);
  if (shown === undefined) throw new RangeError("a poll failure group cannot be empty");
  const window = windowOf(cluster);
  const repeatMs = Math.min(...affected.map((c) => policyFor(c).repeat));
  const bucket = repeatBucket(windowMs(window), repeatMs);
  const key = bucketKey(bucket.start);
  return {
    detailType: "Poll Failed",
    time: window.t,
    detail: {
      id:
        credentialSet !== null
          ? hashId(["Poll Failed", "credential", credentialSet, ...key])
          : clusterEventId(cluster, "", "Poll Failed", key),
      severity: failures.some((f) => FAILURE_RULES[f.kind].perCredentialSet)
        ? "critical"
        : "warning",
      cluster,
      upgrade: null,
      window,
      consoleUrl: consoleUrl(cluster),
      trigger: { kind: "repeat", bucketStart: new Date(bucket.start).toISOString(), repeatMs },
      failure: {
        kind: shown.kind,
        code: shown.code,
        message: shown.message,
        attempt: Math.max(...failures.map((f) => f.attempt)),
        requestId: shown.requestId,
        credentialSet: shown.credentialSet,
      },
      affectedClusters: affected,
    },
  };
}

function uniqueClusters(clusters: ClusterRef[]): ClusterRef[] {
  const seen = new Map<string, ClusterRef>();
  for (const c of clusters) if (!seen.has(clusterKey(c))) seen.set(clusterKey(c), c);
  return [...seen.values()];
}
