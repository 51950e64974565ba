import type { SignedClient } from "../client/client.ts";
import { clusterKey } from "../config/clusterKey.ts";
import type { ShepherdConfig } from "../config/loadShepherdConfig.ts";
import type { ResolvedCluster } from "../config/resolveClusters.ts";
import { pollShardRequested } from "../decide/pollRequests.ts";
import { windowFor } from "../decide/windowFor.ts";
import { type EventBridgeLike, publishEntries } from "../events/publish.ts";
import type { ShepherdEvent } from "../events/shepherdEvent.ts";
import { toPutEventsEntry } from "../events/toPutEventsEntry.ts";
import { MetricUnit, type Telemetry } from "../observability/telemetry.ts";
import type { PollTrigger } from "./pollEvent.ts";
import type { PollRunResult } from "./pollRun.ts";
import { pollRun } from "./pollRun.ts";
import { rateShares, shardCount, shardOf } from "./shards.ts";

export interface PollSummary {
  trigger: PollTrigger["kind"];
  t: string;
  attempt: number;
  clustersRead: number;
  errors: number;
  eventsByType: Record<string, number>;
  putEventsCalls: number;
}

export interface HandlePollDeps {
  client: SignedClient;
  eventBridge: EventBridgeLike;
  now: () => Date;
  telemetry?: Telemetry | undefined;
}

/**
 * One poll-status invocation: pick the clusters its trigger names, read and decide them, and
 * publish the result. A retry re-reads only the clusters it lists, for the original window.
 */
export async function handlePoll(
  trigger: PollTrigger,
  shepherd: ShepherdConfig,
  deps: HandlePollDeps,
): Promise<PollSummary> {
  const { config, credentials } = shepherd;
  const count = shardCount(shepherd.clusters.length, config.poll.shardSize);
  if (trigger.kind === "schedule" && count > 1) return fanOut(trigger.t, count, shepherd, deps);
  const t = trigger.kind === "schedule" ? trigger.t : new Date(trigger.detail.window.t);
  const attempt = trigger.kind === "retry" ? trigger.detail.attempt : 1;
  const result = await pollRun(
    {
      clusters: clustersFor(trigger, shepherd.clusters),
      settings: config.poll,
      t,
      scheduleIntervalMs: config.defaults.pollInterval,
      attempt,
      shard: trigger.kind === "schedule" ? null : trigger.detail.shard,
      clustersDueForCancelBefore:
        trigger.kind === "retry" ? trigger.detail.clustersDueForCancel : undefined,
      shareOf: shareFor(trigger, shepherd.clusters),
    },
    { client: deps.client, credentials, now: deps.now },
  );
  const published = await publishEntries(
    deps.eventBridge,
    result.events.map((e) => toPutEventsEntry(e, config.bus)),
  );
  if (deps.telemetry) observePoll(deps.telemetry, result, t);
  return {
    trigger: trigger.kind,
    t: t.toISOString(),
    attempt,
    clustersRead: result.snapshots.length,
    errors: result.failures.length,
    eventsByType: countByType(result.events),
    putEventsCalls: published.calls,
  };
}

/**
 * A fleet larger than one shard: the scheduled run reads nothing and asks for one invocation per
 * shard, each judging the schedule's own window. EventBridge is the distributed engine.
 */
async function fanOut(
  t: Date,
  count: number,
  shepherd: ShepherdConfig,
  deps: HandlePollDeps,
): Promise<PollSummary> {
  const { defaults, bus } = shepherd.config;
  const window = windowFor(t, defaults.pollInterval, defaults.lag);
  const events = Array.from({ length: count }, (_, index) =>
    pollShardRequested({ window, shard: { index, count } }),
  );
  const published = await publishEntries(
    deps.eventBridge,
    events.map((e) => toPutEventsEntry(e, bus)),
  );
  return {
    trigger: "schedule",
    t: t.toISOString(),
    attempt: 1,
    clustersRead: 0,
    errors: 0,
    eventsByType: countByType(events),
    putEventsCalls: published.calls,
  };
}

/** A shard shares each key's rate with the other shards that hold clusters of that key. */
function shareFor(
  trigger: PollTrigger,
  all: readonly ResolvedCluster[],
): ((credentialSet: string) => number) | undefined {
  const shard = trigger.kind === "schedule" ? null : trigger.detail.shard;
  if (shard === null || shard.count === 1) return undefined;
  const shares = rateShares(all, shard);
  return (name) => shares.get(name) ?? 1;
}

/** A shard reads its slice; a retry only the clusters it lists; the schedule everything. */
function clustersFor(
  trigger: PollTrigger,
  all: readonly ResolvedCluster[],
): readonly ResolvedCluster[] {
  if (trigger.kind === "shard") return shardOf(all, trigger.detail.shard);
  if (trigger.kind === "schedule") return all;
  const wanted = new Set(trigger.detail.clusters.map(clusterKey));
  return all.filter((c) => wanted.has(c.key));
}

const countByType = (events: readonly ShepherdEvent[]): Record<string, number> => {
  const out: Record<string, number> = {};
  for (const e of events) out[e.detailType] = (out[e.detailType] ?? 0) + 1;
  return out;
};

/**
 * One debug line per snapshot (the local runner's timeline reads them), one warning per failed
 * read, one info line per published event, and metrics by provider, code and event type.
 */
function observePoll({ logger, metrics }: Telemetry, result: PollRunResult, t: Date): void {
  for (const s of result.snapshots) {
    logger.debug("snapshot", {
      t: t.toISOString(),
      cluster: s.cluster,
      phase: s.upgrade?.phase ?? null,
      rawPhase: s.upgrade?.rawPhase ?? null,
      progress: s.upgrade?.progress ?? null,
      upgradeId: s.upgrade?.id ?? null,
    });
  }
  metrics.addMetric("ClustersPolled", MetricUnit.Count, result.snapshots.length);
  for (const f of result.failures) {
    logger.warn("read failed", {
      cluster: f.cluster,
      kind: f.kind,
      code: f.code,
      status: f.status,
      operation: f.operation,
      requestId: f.requestId,
      message: f.message,
    });
    const single = metrics.singleMetric();
    single.addDimensions({ provider: f.cluster.provider, kind: f.kind, code: f.code ?? "none" });
    single.addMetric("PollErrors", MetricUnit.Count, 1);
  }
  for (const e of result.events) {
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
