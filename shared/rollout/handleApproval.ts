import type { SignedClient } from "../client/client.ts";
import type { ShepherdConfig } from "../config/loadShepherdConfig.ts";
import type { ResolvedCluster } from "../config/resolveClusters.ts";
import { discoverySources } from "../discover/discoverySource.ts";
import { type EventBridgeLike, publishEntries } from "../events/publish.ts";
import { toPutEventsEntry } from "../events/toPutEventsEntry.ts";
import { clusterKey } from "../model/clusterIdentity.ts";
import type { Telemetry } from "../observability/telemetry.ts";
import { CredentialGate } from "../poll/credentialGate.ts";
import { runDeadline } from "../poll/deadline.ts";
import { judgeRolloutScope } from "../poll/judgeRolloutScope.ts";
import { toMembers } from "../poll/members.ts";
import { readFleet } from "../poll/readFleet.ts";
import { adapterOptions } from "../providers/target.ts";
import type { ApprovalTrigger } from "./approvalTrigger.ts";
import { judgeApproval } from "./judgeApproval.ts";
import { waveClusters } from "./waveClusters.ts";

export interface HandleApprovalDeps {
  client: SignedClient;
  eventBridge: EventBridgeLike;
  /** The approval's clock: the maintenance windows and the soak are judged at this instant. */
  now: () => Date;
  telemetry?: Telemetry | undefined;
  /** How long this invocation may read, in ms of real time (`lambdaReadTime`). */
  readTimeMs?: number | undefined;
  /** Real time in ms for discovery's own deadline (default Date.now). */
  clockMs?: (() => number) | undefined;
}

export interface ApprovalSummary {
  trigger: "approval";
  requestedEventId: string;
  rollout: string;
  wave: string;
  clustersRead: number;
  errors: number;
  eventsByType: Record<string, number>;
  putEventsCalls: number;
}

/**
 * poll-status on an approval (`Action Requested`, `action: approve`): the inventory as a
 * scheduled run has it (with `discover` sources, listed again), one fresh read of every cluster
 * of the pressed rollout (nothing else of the fleet), `judgeApproval`, and its events on the bus:
 * Upgrade Due for the wave's first clusters, for start-upgrade and its per-cluster guards, or one
 * Action Skipped for the chat. A cluster whose read fails is `unread` (never started, and it takes
 * a `maxConcurrent` slot). Transient failures of the bus throw, for Lambda's retry: the ids derive
 * from the request's, so a retry sends the same events.
 */
export async function handleApproval(
  trigger: ApprovalTrigger,
  shepherd: ShepherdConfig,
  deps: HandleApprovalDeps,
): Promise<ApprovalSummary> {
  const { config } = shepherd;
  const { detail } = trigger;
  const gate = new CredentialGate();
  const deadline = runDeadline(deps.readTimeMs);
  try {
    const inventory = await inventoryOf(shepherd, deps, gate);
    const rollout = config.rollouts.find((r) => r.name === detail.rollout);
    const members = rollout ? rolloutMembers(rollout, inventory) : [];
    const loaded = toMembers(members, shepherd.credentials);
    const options = {
      client: deps.client,
      now: deps.now,
      adapters: adapterOptions(config.poll),
      limits: config.poll.concurrency,
      deadline: deadline.signal,
      gate,
    };
    const read = await readFleet(loaded.members, options);
    // As a scheduled run does: a cluster with no upgrade on record may run the target already.
    const { snapshots } = await judgeRolloutScope(
      { rollouts: rollout ? [rollout] : [], inventory: members },
      config.defaults,
      read.snapshots,
      loaded.members,
      deps.now(),
      options,
    );
    deadline.clear();
    const events = judgeApproval(detail, { config, inventory, snapshots, now: deps.now() });
    const published = await publishEntries(
      deps.eventBridge,
      events.map((e) => toPutEventsEntry(e, config.bus)),
    );
    const failures = [...loaded.failures, ...read.failures];
    deps.telemetry?.logger.info("approval judged", {
      requestedEventId: detail.id,
      rollout: detail.rollout,
      wave: detail.wave,
      requestedBy: { channel: detail.requestedBy.channel, userId: detail.requestedBy.userId },
      outcomes: events.map((e) =>
        e.detailType === "Upgrade Due"
          ? { detailType: e.detailType, cluster: clusterKey(e.detail.cluster) }
          : { detailType: e.detailType, reason: e.detail.reason, message: e.detail.message },
      ),
      unread: failures.map((f) => ({ cluster: clusterKey(f.cluster), kind: f.kind })),
    });
    const eventsByType: Record<string, number> = {};
    for (const e of events) eventsByType[e.detailType] = (eventsByType[e.detailType] ?? 0) + 1;
    return {
      trigger: "approval",
      requestedEventId: detail.id,
      rollout: detail.rollout,
      wave: detail.wave,
      clustersRead: read.snapshots.length,
      errors: failures.length,
      eventsByType,
      putEventsCalls: published.calls,
    };
  } finally {
    deadline.clear();
  }
}

/** Every cluster of the rollout's waves: what the judge needs read to judge the rollout. */
function rolloutMembers(
  rollout: ShepherdConfig["config"]["rollouts"][number],
  inventory: readonly ResolvedCluster[],
): ResolvedCluster[] {
  const byKey = new Map(inventory.map((c) => [c.key, c]));
  return waveClusters(
    rollout,
    inventory.map((c) => c.ref),
  ).waves.flatMap((w) => w.clusters.flatMap((c) => byKey.get(clusterKey(c)) ?? []));
}

/** The listed clusters, and with `discover` sources what they list now, as a scheduled run. */
async function inventoryOf(
  shepherd: ShepherdConfig,
  deps: HandleApprovalDeps,
  gate: CredentialGate,
): Promise<readonly ResolvedCluster[]> {
  if (discoverySources(shepherd.config).length === 0) return shepherd.clusters;
  const { discoverFleet } = await import("../discover/discoverFleet.ts");
  const fleet = await discoverFleet(shepherd.config, shepherd.clusters, {
    client: deps.client,
    credentials: shepherd.credentials,
    gate,
    clockMs: deps.clockMs,
    budgetMs: deps.readTimeMs === undefined ? undefined : deps.readTimeMs / 2,
  });
  return fleet.inventory;
}
