import { MetricUnit, type Telemetry } from "../observability/telemetry.ts";
import type { DiscoveryResult } from "./applySources.ts";
import { scopeName } from "./discoverySource.ts";

/**
 * One info line per source (regions listed, clusters listed and matched, pages), one warning per
 * region that could not be listed completely (the cloud's words, never a key), and metrics:
 * ClustersDiscovered (matched), DiscoveryFailures by provider and kind.
 */
export function observeDiscovery(
  { logger, metrics }: Telemetry,
  result: DiscoveryResult & { tookMs: number },
): void {
  for (const { source, scopes } of result.listings) {
    logger.info("discovery listed", {
      source: source.name,
      provider: source.provider,
      credentialSet: source.credentials,
      regions: scopes.map((s) => scopeName(s.scope)),
      clustersListed: scopes.reduce((n, s) => n + s.clusters.length, 0),
      clustersMatched: result.matched.filter((m) => m.source.name === source.name).length,
      pages: scopes.reduce((n, s) => n + s.pages, 0),
      unreadableItems: scopes.reduce((n, s) => n + s.unreadable, 0),
      tookMs: result.tookMs,
    });
    for (const s of scopes) {
      if (!s.failure) continue;
      logger.warn("discovery list failed", {
        source: source.name,
        provider: source.provider,
        region: s.scope.region,
        projectId: s.scope.projectId,
        kind: s.failure.kind,
        operation: s.failure.operation,
        status: s.failure.status,
        code: s.failure.code,
        providerMessage: s.failure.message,
        requestId: s.failure.requestId,
        clustersFound: s.clusters.length,
      });
      const single = metrics.singleMetric();
      single.addDimensions({ provider: source.provider, kind: s.failure.kind });
      single.addMetric("DiscoveryFailures", MetricUnit.Count, 1);
    }
  }
  metrics.addMetric("ClustersDiscovered", MetricUnit.Count, result.matched.length);
}
