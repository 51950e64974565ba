import { type ConsoleOrigins, consoleUrl, DEFAULT_CONSOLE_ORIGINS } from "../events/consoleUrl.ts";
import { clusterEventId, hashId } from "../events/eventId.ts";
import type { ShepherdEvent } from "../events/shepherdEvent.ts";
import type { Window } from "../events/window.ts";
import type { ClusterRef } from "../model/cluster.ts";
import { bucketKey } from "./idKeys.ts";
import type { DecidePolicy } from "./policy.ts";
import { type PollFailure, PollFailureSchema } from "./pollFailure.ts";
import { repeatBucket } from "./repeatBucket.ts";
import { windowMs } from "./windowMs.ts";

type Parsed = ReturnType<typeof PollFailureSchema.parse>;

const clusterKey = (c: ClusterRef): string => `${c.provider}/${c.region}/${c.clusterId}`;
const byKey = (a: ClusterRef, b: ClusterRef): number =>
  clusterKey(a) < clusterKey(b) ? -1 : clusterKey(a) > clusterKey(b) ? 1 : 0;

/**
 * `Poll Failed` for the reads that failed for good in this run. Every such run emits it, because
 * its window is lost and the promise is that a lost window is reported, never silently dropped;
 * the id is keyed on the repeat bucket, so within a bucket the repeats share one id and receivers
 * that deduplicate (PagerDuty, the generic webhook) alert once per bucket. Authentication
 * failures that share a credential set are one event (one broken key, one alarm), critical.
 */
export function pollFailedEvents(
  failures: readonly PollFailure[],
  window: Window,
  policyFor: (cluster: ClusterRef) => DecidePolicy,
  consoleOrigins: ConsoleOrigins = DEFAULT_CONSOLE_ORIGINS,
): ShepherdEvent[] {
  const groups = new Map<string, { credentialSet: string | null; failures: Parsed[] }>();
  for (const f of failures.map((x) => PollFailureSchema.parse(x))) {
    const credentialSet = f.kind === "auth" ? f.credentialSet : null;
    const key = credentialSet !== null ? `credential:${credentialSet}` : clusterKey(f.cluster);
    const group = groups.get(key) ?? { credentialSet, failures: [] };
    group.failures.push(f);
    groups.set(key, group);
  }
  return [...groups.values()].map((g) =>
    event(g.credentialSet, g.failures, window, policyFor, consoleOrigins),
  );
}

/** The alert names the first affected cluster (by provider, region, id), so a retry names the same one. */
function event(
  credentialSet: string | null,
  failures: Parsed[],
  window: Window,
  policyFor: (cluster: ClusterRef) => DecidePolicy,
  consoleOrigins: ConsoleOrigins,
): ShepherdEvent {
  const affected = uniqueClusters(failures.map((f) => f.cluster)).sort(byKey);
  const cluster = affected[0] as ClusterRef;
  const shown = failures.filter((f) => clusterKey(f.cluster) === clusterKey(cluster)).at(-1);
  if (shown === undefined) throw new RangeError("a poll failure group cannot be empty");
  const repeatMs = Math.min(...affected.map((c) => policyFor(c).repeatMs));
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
      severity: failures.some((f) => f.kind === "auth") ? "critical" : "warning",
      cluster,
      upgrade: null,
      window,
      consoleUrl: consoleUrl(cluster, consoleOrigins),
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
