import type { SignedClient } from "../client/client.ts";
import type { ShepherdConfig } from "../config/loadShepherdConfig.ts";
import { pollShardRequested } from "../decide/pollRequests.ts";
import { type EventBridgeLike, publishEntries } from "../events/publish.ts";
import type { ShepherdEvent } from "../events/shepherdEvent.ts";
import { toPutEventsEntry } from "../events/toPutEventsEntry.ts";
import { observePoll } from "../observability/observePoll.ts";
import type { Telemetry } from "../observability/telemetry.ts";
import type { StatusStore } from "../status/statusStore.ts";
import { runDeadline } from "./deadline.ts";
import { runTime, runWindow } from "./planRun.ts";
import type { PollTrigger } from "./pollEvent.ts";
import { pollRun } from "./pollRun.ts";
import { shardCount } from "./shards.ts";
import { writeRunStatus } from "./writeRunStatus.ts";

export interface PollSummary {
  trigger: PollTrigger["kind"];
  t: string;
  attempt: number;
  clustersRead: number;
  errors: number;
  /** Clusters the deadline left unread (each is re-read by a retry, or in Poll Failed). */
  cutByDeadline: number;
  eventsByType: Record<string, number>;
  putEventsCalls: number;
  /** `written`, or why the status page was not (it never fails the poll). */
  statusPage?: string;
}

export interface HandlePollDeps {
  client: SignedClient;
  eventBridge: EventBridgeLike;
  now: () => Date;
  telemetry?: Telemetry | undefined;
  /**
   * How long this invocation may read, in ms of real time (`lambdaReadTime`): then it stops,
   * publishes what it read and asks for the rest again. Without it, it waits for every read.
   */
  readTimeMs?: number | undefined;
  /** Where the status page goes (the stack's bucket); without it no page is written. */
  statusStore?: StatusStore | undefined;
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
  const { config } = shepherd;
  const count = shardCount(shepherd.clusters.length, config.poll.shardSize);
  if (trigger.kind === "schedule" && count > 1) return fanOut(trigger, count, shepherd, deps);
  const t = runTime(trigger);
  const deadline = runDeadline(deps.readTimeMs);
  const result = await pollRun(trigger, shepherd, {
    client: deps.client,
    now: deps.now,
    deadline: deadline.signal,
  }).finally(deadline.clear);
  const published = await publishEntries(
    deps.eventBridge,
    result.events.map((e) => toPutEventsEntry(e, config.bus)),
  );
  if (deps.telemetry) observePoll(deps.telemetry, { t, ...result });
  const statusPage = deps.statusStore
    ? await writeRunStatus(deps.statusStore, result, t, deps.now())
    : undefined;
  return {
    ...(statusPage ? { statusPage } : {}),
    trigger: trigger.kind,
    t: t.toISOString(),
    attempt: result.plan.attempt,
    clustersRead: result.snapshots.length,
    errors: result.failures.length,
    cutByDeadline: result.failures.filter((f) => f.kind === "deadline").length,
    eventsByType: countByType(result.events),
    putEventsCalls: published.calls,
  };
}

/**
 * A fleet larger than one shard: the scheduled run reads nothing and asks for one invocation per
 * shard, each judging the schedule's own window. EventBridge is the distributed engine.
 */
async function fanOut(
  trigger: Extract<PollTrigger, { kind: "schedule" }>,
  count: number,
  shepherd: ShepherdConfig,
  deps: HandlePollDeps,
): Promise<PollSummary> {
  const window = runWindow(trigger, shepherd.config);
  const events = Array.from({ length: count }, (_, index) =>
    pollShardRequested({ window, shard: { index, count } }),
  );
  const published = await publishEntries(
    deps.eventBridge,
    events.map((e) => toPutEventsEntry(e, shepherd.config.bus)),
  );
  return {
    trigger: "schedule",
    t: trigger.t.toISOString(),
    attempt: 1,
    clustersRead: 0,
    errors: 0,
    cutByDeadline: 0,
    eventsByType: countByType(events),
    putEventsCalls: published.calls,
  };
}

const countByType = (events: readonly ShepherdEvent[]): Record<string, number> => {
  const out: Record<string, number> = {};
  for (const e of events) out[e.detailType] = (out[e.detailType] ?? 0) + 1;
  return out;
};
