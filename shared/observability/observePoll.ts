import type { ShepherdEvent } from "../events/shepherdEvent.ts";
import type { Failure } from "../model/failure.ts";
import type { UpgradeSnapshot } from "../model/snapshot.ts";
import { MetricUnit, type Telemetry } from "./telemetry.ts";

/** What one poll invocation read, failed to read, and decided. */
export interface PollObservation {
  t: Date;
  snapshots: readonly UpgradeSnapshot[];
  failures: readonly Failure[];
  events: readonly ShepherdEvent[];
}

/**
 * The fields of a failed read a person needs, under keys the logger keeps: Powertools drops its
 * reserved keys (`message`, `level`, `timestamp`, `service`, `sampling_rate`) with a warning, so
 * the cloud's message is `providerMessage`. The raw body is at most 2 KB (`RAW_BODY_LIMIT`), and
 * a failure holds no secret (the signed client never puts a key, token or signature in one).
 */
export const readFailedFields = (f: Failure) => ({
  cluster: f.cluster,
  provider: f.cluster.provider,
  credentialSet: f.credentialSet,
  kind: f.kind,
  operation: f.operation,
  status: f.status,
  code: f.code,
  providerMessage: f.message,
  requestId: f.requestId,
  rawBody: f.rawBody,
  attempts: f.attempts,
});

/**
 * One debug line per snapshot (the local runner's timeline reads them), one `read failed`
 * warning per failed read (and one `deadline reached` when the deadline cut the read), one info
 * line per published event, and metrics by provider, kind and code, and by event type.
 */
export function observePoll({ logger, metrics }: Telemetry, run: PollObservation): void {
  for (const s of run.snapshots) {
    logger.debug("snapshot", {
      t: run.t.toISOString(),
      cluster: s.cluster,
      phase: s.upgrade?.phase ?? null,
      rawPhase: s.upgrade?.rawPhase ?? null,
      progress: s.upgrade?.progress ?? null,
      upgradeId: s.upgrade?.id ?? null,
    });
  }
  metrics.addMetric("ClustersPolled", MetricUnit.Count, run.snapshots.length);
  const cut = run.failures.filter((f) => f.kind === "deadline").length;
  if (cut > 0) {
    logger.warn("deadline reached", { clustersRead: run.snapshots.length, clustersCut: cut });
  }
  for (const f of run.failures) {
    logger.warn("read failed", readFailedFields(f));
    const single = metrics.singleMetric();
    single.addDimensions({ provider: f.cluster.provider, kind: f.kind, code: f.code ?? "none" });
    single.addMetric("PollErrors", MetricUnit.Count, 1);
  }
  for (const e of run.events) {
    const cluster = "cluster" in e.detail ? e.detail.cluster : undefined;
    logger.info("event", {
      detailType: e.detailType,
      eventId: e.detail.id,
      severity: e.detail.severity,
      cluster,
    });
    const single = metrics.singleMetric();
    single.addDimension("detailType", e.detailType);
    single.addMetric("Events", MetricUnit.Count, 1);
  }
}
