import type { SignedClient } from "../client/client.ts";
import type { ShepherdConfig } from "../config/loadShepherdConfig.ts";
import { mergePolicy } from "../config/policy.ts";
import type { ResolvedCluster } from "../config/resolveClusters.ts";
import { pollShardRequested } from "../decide/pollRequests.ts";
import { discoverySources } from "../discover/discoverySource.ts";
import type { InventoryCluster } from "../discover/inventory.ts";
import { resolveCarried, withCarried } from "../discover/resolveCarried.ts";
import { shardRequests } from "../discover/shardRequests.ts";
import { type EventBridgeLike, publishEntries } from "../events/publish.ts";
import type { ShepherdEvent } from "../events/shepherdEvent.ts";
import { toPutEventsEntry } from "../events/toPutEventsEntry.ts";
import type { Window } from "../events/window.ts";
import { observePoll } from "../observability/observePoll.ts";
import type { Telemetry } from "../observability/telemetry.ts";
import type { ResolveTargetAuth } from "../quiet/quietSecrets.ts";
import type { QuietCall, QuietCluster } from "../quiet/runQuiet.ts";
import type { TargetHttp } from "../quiet/targetRequest.ts";
import type { StatusStore } from "../status/statusStore.ts";
import { CredentialGate } from "./credentialGate.ts";
import { runDeadline } from "./deadline.ts";
import { runTime, runWindow } from "./planRun.ts";
import type { PollTrigger } from "./pollEvent.ts";
import { type PollRunResult, pollRun } from "./pollRun.ts";
import { shardCount, shardRunCount, shardRuns } from "./shards.ts";

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
  /** In a scheduled run with `discover` sources: what the listing found (docs/discovery.md). */
  discovery?: DiscoverySummary | undefined;
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

export interface DiscoverySummary {
  sources: number;
  /** Clusters the lists returned, before filters. */
  listed: number;
  /** Of those, the ones a source's filters matched. */
  matched: number;
  /** Sources that could not list every region completely. */
  failedSources: number;
  /** The merged inventory's size. */
  inventory: number;
  /** Real time the listing took. */
  tookMs: number;
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
  /** Real time in ms for discovery's own deadline (default Date.now). */
  clockMs?: (() => number) | undefined;
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
  const gate = new CredentialGate();
  const t = runTime(trigger);
  const quietDeadline = runDeadline(deps.quiet?.timeMs);
  const deadline = runDeadline(deps.readTimeMs);
  try {
    const found =
      trigger.kind === "schedule" && discoverySources(config).length > 0
        ? await discover(trigger, shepherd, deps, gate)
        : undefined;
    const inventory = found?.inventory ?? inventoryFor(trigger, shepherd, deps);
    const count = shardCount(inventory.length, config.poll.shardSize);
    if (trigger.kind === "schedule" && count > 1) {
      return await fanOut(trigger, inventory, shepherd, deps, found);
    }
    const result = await pollRun(
      trigger,
      { ...shepherd, clusters: [...inventory] },
      { client: deps.client, now: deps.now, deadline: deadline.signal, gate },
    );
    deadline.clear();
    const quiet = await keepQuiet(result, deps, quietDeadline.signal);
    const events = [...(found?.events ?? []), ...(quiet?.events ?? result.events)];
    const published = await publishEntries(
      deps.eventBridge,
      events.map((e) => toPutEventsEntry(e, config.bus)),
    );
    if (deps.telemetry) {
      observePoll(deps.telemetry, { t, ...result, events });
      if (quiet) (await import("./onDemand.ts")).observeQuiet(deps.telemetry, quiet.calls);
    }
    // The status page, quiet and discovery load on demand: a fleet that uses none of them
    // starts no slower for them (bench, section 1).
    const statusPage = deps.statusStore
      ? await (await import("./onDemand.ts")).writeRunStatus(deps.statusStore, result, t)
      : undefined;
    return {
      ...(statusPage ? { statusPage } : {}),
      trigger: trigger.kind,
      t: t.toISOString(),
      attempt: result.plan.attempt,
      clustersRead: result.snapshots.length,
      errors: result.failures.length,
      cutByDeadline: result.failures.filter((f) => f.kind === "deadline").length,
      eventsByType: countByType(events),
      putEventsCalls: published.calls,
      discovery: found?.summary,
      ...(quiet ? { silenceCalls: countCalls(quiet.calls) } : {}),
    };
  } finally {
    deadline.clear();
    quietDeadline.clear();
  }
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
  const { runQuiet } = await import("./onDemand.ts");
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

interface Found {
  inventory: readonly ResolvedCluster[];
  events: ShepherdEvent[];
  summary: DiscoverySummary;
}

/**
 * A scheduled run lists its `discover` sources first (at most half the run's read time, and
 * `discover.limits.timeout`), with the run's credential gate, and judges the discovery events.
 */
async function discover(
  trigger: Extract<PollTrigger, { kind: "schedule" }>,
  shepherd: ShepherdConfig,
  deps: HandlePollDeps,
  gate: CredentialGate,
): Promise<Found> {
  const { config } = shepherd;
  const { discoverFleet, judgeDiscovery, observeDiscovery } = await import("./onDemand.ts");
  const fleet = await discoverFleet(config, shepherd.clusters, {
    client: deps.client,
    credentials: shepherd.credentials,
    gate,
    clockMs: deps.clockMs,
    budgetMs: deps.readTimeMs === undefined ? undefined : deps.readTimeMs / 2,
  });
  const events = judgeDiscovery({
    window: runWindow(trigger, config),
    repeatMsOf: (source) => mergePolicy(config.defaults, source.overrides).repeat,
    listings: fleet.listings,
    failed: fleet.failed,
    inventory: fleet.inventory,
    listed: shepherd.clusters,
  });
  if (deps.telemetry) observeDiscovery(deps.telemetry, fleet);
  return {
    inventory: fleet.inventory,
    events,
    summary: {
      sources: fleet.listings.length,
      listed: fleet.listings.reduce(
        (n, l) => n + l.scopes.reduce((m, s) => m + s.clusters.length, 0),
        0,
      ),
      matched: fleet.matched.length,
      failedSources: fleet.failed.length,
      inventory: fleet.inventory.length,
      tookMs: fleet.tookMs,
    },
  };
}

/**
 * The inventory of an invocation that does not list: the listed clusters, plus the discovered
 * ones its request carries (a shard's run, a re-read's clusters), resolved against the config.
 */
function inventoryFor(
  trigger: PollTrigger,
  shepherd: ShepherdConfig,
  deps: HandlePollDeps,
): readonly ResolvedCluster[] {
  const carried =
    trigger.kind === "shard"
      ? (trigger.detail.discovered ?? [])
      : trigger.kind === "retry"
        ? trigger.detail.clusters.filter((c) => c.source !== undefined)
        : [];
  if (carried.length === 0) return shepherd.clusters;
  const { resolved, unresolved } = resolveCarried(carried, shepherd.config);
  for (const ref of unresolved) {
    deps.telemetry?.logger.warn("discovered cluster not read: its source is not in the config", {
      cluster: ref,
      source: ref.source,
    });
  }
  return withCarried(shepherd.clusters, resolved);
}

/**
 * A fleet larger than one shard: the scheduled run reads nothing and asks for one invocation per
 * shard, each judging the schedule's own window. EventBridge is the distributed engine. With
 * discovery, the shard requests carry the discovered clusters of each run (`shardRequests`),
 * and the discovery events go out with them.
 */
async function fanOut(
  trigger: Extract<PollTrigger, { kind: "schedule" }>,
  inventory: readonly ResolvedCluster[],
  shepherd: ShepherdConfig,
  deps: HandlePollDeps,
  found: Found | undefined,
): Promise<PollSummary> {
  const { config } = shepherd;
  const window = runWindow(trigger, config);
  const requests = found
    ? shardRequests(
        window,
        found.inventory as InventoryCluster[],
        config.rollouts,
        config.poll.shardSize,
        config.bus,
      )
    : listedShardRequests(window, inventory, config);
  const events: ShepherdEvent[] = [...(found?.events ?? []), ...requests];
  const published = await publishEntries(
    deps.eventBridge,
    events.map((e) => toPutEventsEntry(e, config.bus)),
  );
  if (deps.telemetry && found)
    observePoll(deps.telemetry, {
      t: trigger.t,
      snapshots: [],
      failures: [],
      events: found.events,
    });
  return {
    trigger: "schedule",
    t: trigger.t.toISOString(),
    attempt: 1,
    clustersRead: 0,
    errors: 0,
    cutByDeadline: 0,
    eventsByType: countByType(events),
    putEventsCalls: published.calls,
    discovery: found?.summary,
  };
}

/**
 * One request per run of `shardRuns`, for a listed fleet: each shard computes its clusters from
 * the same config; a rollout group's request names its rollouts as well, for the logs.
 */
function listedShardRequests(
  window: Window,
  inventory: readonly ResolvedCluster[],
  config: ShepherdConfig["config"],
): ShepherdEvent[] {
  const count = shardRunCount(inventory, config.rollouts, config.poll.shardSize);
  const runs = shardRuns(inventory, config.rollouts, count);
  return runs.map((run, index) =>
    pollShardRequested({
      window,
      shard: { index, count },
      carried: run.rollouts.length > 0 ? { rollouts: run.rollouts } : undefined,
    }),
  );
}

const countByType = (events: readonly ShepherdEvent[]): Record<string, number> => {
  const out: Record<string, number> = {};
  for (const e of events) out[e.detailType] = (out[e.detailType] ?? 0) + 1;
  return out;
};
