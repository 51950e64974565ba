import type { SignedClient } from "../client/client.ts";
import { clusterKey } from "../config/clusterKey.ts";
import type { ShepherdConfig } from "../config/loadShepherdConfig.ts";
import type { ResolvedCluster } from "../config/resolveClusters.ts";
import { type EventBridgeLike, publishEntries } from "../events/publish.ts";
import { toPutEventsEntry } from "../events/toPutEventsEntry.ts";
import type { PollTrigger } from "./poll-event.ts";
import { pollRun } from "./poll-run.ts";

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
    },
    { client: deps.client, credentials, now: deps.now },
  );
  const published = await publishEntries(
    deps.eventBridge,
    result.events.map((e) => toPutEventsEntry(e, config.bus)),
  );
  const eventsByType: Record<string, number> = {};
  for (const e of result.events) eventsByType[e.detailType] = (eventsByType[e.detailType] ?? 0) + 1;
  return {
    trigger: trigger.kind,
    t: t.toISOString(),
    attempt,
    clustersRead: result.snapshots.length,
    errors: result.failures.length,
    eventsByType,
    putEventsCalls: published.calls,
  };
}

function clustersFor(
  trigger: PollTrigger,
  all: readonly ResolvedCluster[],
): readonly ResolvedCluster[] {
  if (trigger.kind !== "retry") return all;
  const wanted = new Set(trigger.detail.clusters.map(clusterKey));
  return all.filter((c) => wanted.has(c.key));
}
