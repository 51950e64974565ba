import { clusterKey } from "../config/clusterKey.ts";
import type { ResolvedCluster } from "../config/resolveClusters.ts";
import type { SourceFailure } from "../discover/applySources.ts";
import type { DiscoverySource } from "../discover/discoverySource.ts";
import type { InventoryCluster } from "../discover/inventory.ts";
import type { SourceListing } from "../discover/sourceListing.ts";
import { catalogueEntry } from "../events/catalogue.ts";
import type { SourceInfo } from "../events/discoveryDetails.ts";
import { hashId } from "../events/eventId.ts";
import type { EventOf } from "../events/shepherdEvent.ts";
import type { Window } from "../events/window.ts";
import { FAILURE_RULES } from "../model/failure.ts";
import { clusterBase } from "./clusterBase.ts";
import { bucketKey, transitionKey } from "./idKeys.ts";
import { repeatBucket } from "./repeatBucket.ts";
import { inWindow, windowMs } from "./windowMs.ts";

/** What judging one run's discovery needs: its listings, the result, and the run's window. */
export interface DiscoveryJudgement {
  /** The run's window (the schedule's interval and lag): discovery runs once per scheduled run. */
  window: Window;
  /** `defaults.repeat`, or a source's override of it, in ms. */
  repeatMsOf: (source: DiscoverySource) => number;
  listings: readonly SourceListing[];
  failed: readonly SourceFailure[];
  /** The merged inventory (listed and discovered). */
  inventory: readonly InventoryCluster[];
  /** The clusters of the config's `clusters`. */
  listed: readonly ResolvedCluster[];
}

export const sourceInfo = (source: DiscoverySource): SourceInfo => ({
  name: source.name,
  provider: source.provider,
  credentialSet: source.credentials,
  account: source.account ?? null,
});

/**
 * The discovery events of one scheduled run, with no I/O:
 * - `Cluster Discovered` for each discovered cluster whose creation time is in the window: an
 *   edge dated by an immutable timestamp, so exactly one run announces it, and a retried run the
 *   same (same id, keyed on the creation time);
 * - `Cluster Gone` for each listed cluster that a complete listing covering its place does not
 *   hold, in the first run of each repeat bucket while that lasts;
 * - `Discovery Failed` for each source with a region it could not list completely, every run,
 *   one id per repeat bucket; critical when the failure does not pass by itself (a refused or
 *   missing key), else warning.
 */
export function judgeDiscovery(j: DiscoveryJudgement): DiscoveryEvent[] {
  return [...discovered(j), ...gone(j), ...j.failed.map((f) => discoveryFailed(f, j))];
}

export type DiscoveryEvent =
  | EventOf<"Cluster Discovered">
  | EventOf<"Cluster Gone">
  | EventOf<"Discovery Failed">;

function discovered(j: DiscoveryJudgement): EventOf<"Cluster Discovered">[] {
  const w = windowMs(j.window);
  const sources = new Map(j.listings.map((l) => [l.source.name, l.source]));
  return j.inventory.flatMap((c) => {
    const origin = c.discovery;
    const source = origin ? sources.get(origin.source) : undefined;
    if (!origin?.createdAt || !source || c.origin === "listed") return [];
    const at = Date.parse(origin.createdAt);
    if (!inWindow(w, at)) return [];
    return [
      {
        detailType: "Cluster Discovered",
        time: j.window.t,
        detail: {
          ...clusterBase({
            cluster: c.ref,
            upgrade: null,
            upgradeId: "",
            window: j.window,
            detailType: "Cluster Discovered",
            severity: catalogueEntry("Cluster Discovered").severity,
            key: transitionKey(at),
          }),
          upgrade: null,
          trigger: { kind: "transition", at: new Date(at).toISOString(), from: "clusterCreatedAt" },
          source: sourceInfo(source),
          rule: origin.rule,
          origin: c.origin === "both" ? "both" : "discovered",
        },
      },
    ];
  });
}

/**
 * A scope covers a listed cluster when it lists the same provider and region and, for Huawei,
 * the same project (a project id is unique); for ACK, the same credential set (the list is the
 * account's, and a credential set is one account's key). Only a complete listing says anything
 * about absence.
 */
function gone(j: DiscoveryJudgement): EventOf<"Cluster Gone">[] {
  const w = windowMs(j.window);
  const out: EventOf<"Cluster Gone">[] = [];
  for (const c of j.listed) {
    for (const listing of j.listings) {
      const { source } = listing;
      if (source.provider !== c.ref.provider) continue;
      if (source.provider === "ack" && source.credentials !== c.credentials) continue;
      const covering = listing.scopes.find(
        (s) =>
          s.complete &&
          s.scope.region === c.ref.region &&
          (source.provider === "ack" || s.scope.projectId === c.ref.projectId),
      );
      if (!covering) continue;
      const present = covering.clusters.some((l) => clusterKey(l) === c.key);
      if (present) break;
      const repeatMs = j.repeatMsOf(source);
      const bucket = repeatBucket(w, repeatMs);
      if (bucket.first) {
        out.push({
          detailType: "Cluster Gone",
          time: j.window.t,
          detail: {
            ...clusterBase({
              cluster: c.ref,
              upgrade: null,
              upgradeId: "",
              window: j.window,
              detailType: "Cluster Gone",
              severity: catalogueEntry("Cluster Gone").severity,
              key: bucketKey(bucket.start),
            }),
            upgrade: null,
            trigger: {
              kind: "repeat",
              bucketStart: new Date(bucket.start).toISOString(),
              repeatMs,
            },
            source: sourceInfo(source),
          },
        });
      }
      break;
    }
  }
  return out;
}

function discoveryFailed(f: SourceFailure, j: DiscoveryJudgement): EventOf<"Discovery Failed"> {
  const repeatMs = j.repeatMsOf(f.source);
  const bucket = repeatBucket(windowMs(j.window), repeatMs);
  // A kind that never passes by itself (the key refused, or not loaded) pages at once; the
  // rest may pass, and say so once per bucket to receivers that deduplicate by id.
  const critical = f.scopes.some(
    (s) => s.failure.kind !== "pages" && FAILURE_RULES[s.failure.kind].perCredentialSet,
  );
  return {
    detailType: "Discovery Failed",
    time: j.window.t,
    detail: {
      id: hashId(["Discovery Failed", f.source.name, ...bucketKey(bucket.start)]),
      severity: critical ? "critical" : "warning",
      window: j.window,
      trigger: { kind: "repeat", bucketStart: new Date(bucket.start).toISOString(), repeatMs },
      source: sourceInfo(f.source),
      failures: f.scopes.map(({ scope, failure, found }) => ({
        region: scope.region,
        projectId: scope.projectId ?? null,
        kind: failure.kind,
        operation: failure.operation,
        status: failure.status,
        code: failure.code,
        message: failure.message,
        requestId: failure.requestId,
        clustersFound: found,
      })),
    },
  };
}
