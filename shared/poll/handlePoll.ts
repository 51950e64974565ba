import type { SignedClient } from "../client/client.ts";
import type { ShepherdConfig } from "../config/loadShepherdConfig.ts";
import { pollShardRequested } from "../decide/pollRequests.ts";
import { type EventBridgeLike, publishEntries } from "../events/publish.ts";
import type { ShepherdEvent } from "../events/shepherdEvent.ts";
import { toPutEventsEntry } from "../events/toPutEventsEntry.ts";
import { observePoll } from "../observability/observePoll.ts";
import type { Telemetry } from "../observability/telemetry.ts";
import { observeQuiet } from "../quiet/observeQuiet.ts";
import type { ResolveTargetAuth } from "../quiet/quietSecrets.ts";
import { type QuietCall, type QuietCluster, runQuiet } from "../quiet/runQuiet.ts";
import type { TargetHttp } from "../quiet/targetRequest.ts";
import { runDeadline } from "./deadline.ts";
import { runTime, runWindow } from "./planRun.ts";
import type { PollTrigger } from "./pollEvent.ts";
import { type PollRunResult, pollRun } from "./pollRun.ts";
import { shardCount } from "./shards.ts";

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
  /** Calls to silence targets by operation and outcome (`create ok`), when a cluster has quietDuringUpgrade. */
  silenceCalls?: Record<string, number>;
}

/** What keeping clusters quiet needs (`quietDuringUpgrade`); without it, no silence is touched. */
export interface QuietPollDeps {
  /** The one HTTP stack, over the SSRF guard's connect-time lookup, and the check-time guard. */
  http: Omit<TargetHttp, "signal">;
  auth: ResolveTargetAuth;
  /**
   * How long, in ms of real time from the invocation's start, the run may spend on silences
   * (`lambdaReadTime`, less nothing but the publish margin): the read stops earlier to leave it.
   */
  timeMs?: number | undefined;
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
  quiet?: QuietPollDeps | undefined;
}

/**
 * One poll-status invocation: pick the clusters its trigger names, read and decide them, keep
 * quiet the ones whose upgrade runs (or lift their silences: before the failure alert goes out),
 * and publish the result. A retry re-reads only the clusters it lists, for the original window.
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
  const quietDeadline = runDeadline(deps.quiet?.timeMs);
  const deadline = runDeadline(deps.readTimeMs);
  const result = await pollRun(trigger, shepherd, {
    client: deps.client,
    now: deps.now,
    deadline: deadline.signal,
  }).finally(deadline.clear);
  const quiet = await keepQuiet(result, deps, quietDeadline.signal).finally(quietDeadline.clear);
  const events = quiet?.events ?? result.events;
  const published = await publishEntries(
    deps.eventBridge,
    events.map((e) => toPutEventsEntry(e, config.bus)),
  );
  if (deps.telemetry) {
    observePoll(deps.telemetry, { t, ...result, events });
    if (quiet) observeQuiet(deps.telemetry, quiet.calls);
  }
  return {
    trigger: trigger.kind,
    t: t.toISOString(),
    attempt: result.plan.attempt,
    clustersRead: result.snapshots.length,
    errors: result.failures.length,
    cutByDeadline: result.failures.filter((f) => f.kind === "deadline").length,
    eventsByType: countByType(events),
    putEventsCalls: published.calls,
    ...(quiet ? { silenceCalls: countCalls(quiet.calls) } : {}),
  };
}

/** The quiet step (`runQuiet`) for the clusters read in this run that have `quietDuringUpgrade`. */
async function keepQuiet(
  result: PollRunResult,
  deps: HandlePollDeps,
  deadline: AbortSignal | undefined,
) {
  const clusters: QuietCluster[] = result.plan.clusters.flatMap((c) => {
    const quiet = c.config.policy.quietDuringUpgrade;
    return quiet ? [{ cluster: c.cluster, window: c.window, policy: c.policy, quiet }] : [];
  });
  if (clusters.length === 0 || !deps.quiet) return undefined;
  // runQuiet reports its failures; should it throw all the same (a bug), the run's own events
  // are still published.
  return runQuiet(clusters, result.snapshots, result.events, {
    http: deps.quiet.http,
    auth: deps.quiet.auth,
    now: deps.now,
    deadline,
  }).catch((error: unknown) => {
    deps.telemetry?.logger.error("quiet step failed", {
      error: error instanceof Error ? error.name : typeof error,
    });
    return undefined;
  });
}

const countCalls = (calls: readonly QuietCall[]): Record<string, number> => {
  const out: Record<string, number> = {};
  for (const c of calls) {
    const k = `${c.operation} ${c.outcome}`;
    out[k] = (out[k] ?? 0) + 1;
  }
  return out;
};

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
