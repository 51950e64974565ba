import type { DiscoverySource, SourceScope } from "./discoverySource.ts";
import type { ListedCluster } from "./listedCluster.ts";
import { matchCluster } from "./matchCluster.ts";
import type { ListFailure, SourceListing } from "./sourceListing.ts";

/** A listed cluster a source's filters matched. */
export interface DiscoveredMatch {
  source: DiscoverySource;
  scope: SourceScope;
  cluster: ListedCluster;
  rule: string;
}

/** A listed cluster a source's filters left out, and why (for `upgrade-shepherd discover`). */
export interface SkippedCluster {
  source: string;
  cluster: ListedCluster;
  reason: string;
}

/** A source that could not list some of its regions completely. */
export interface SourceFailure {
  source: DiscoverySource;
  scopes: { scope: SourceScope; failure: ListFailure; found: number }[];
}

export interface DiscoveryResult {
  matched: DiscoveredMatch[];
  skipped: SkippedCluster[];
  failed: SourceFailure[];
  listings: SourceListing[];
}

/**
 * Every source's filters over what it listed. Pure. A region that failed part way keeps what
 * its read pages matched (they exist and match) and makes its source a failure; nothing is
 * inferred from what was not read.
 */
export function applySources(listings: readonly SourceListing[]): DiscoveryResult {
  const matched: DiscoveredMatch[] = [];
  const skipped: SkippedCluster[] = [];
  const failed: SourceFailure[] = [];
  for (const listing of listings) {
    const failures: SourceFailure["scopes"] = [];
    for (const scoped of listing.scopes) {
      if (scoped.failure) {
        failures.push({
          scope: scoped.scope,
          failure: scoped.failure,
          found: scoped.clusters.length,
        });
      }
      for (const cluster of scoped.clusters) {
        const m = matchCluster(cluster, listing.source.filters);
        if (m.matched)
          matched.push({ source: listing.source, scope: scoped.scope, cluster, rule: m.rule });
        else skipped.push({ source: listing.source.name, cluster, reason: m.reason });
      }
    }
    if (failures.length > 0) failed.push({ source: listing.source, scopes: failures });
  }
  return { matched, skipped, failed, listings: [...listings] };
}
