import type { SignedClient } from "../client/client.ts";
import { clusterKey } from "../config/clusterKey.ts";
import type { CredentialSets } from "../config/credentialSets.ts";
import type { PollSettings } from "../config/pollSettings.ts";
import type { ResolvedCluster } from "../config/resolveClusters.ts";
import { decideRun } from "../decide/decideRun.ts";
import { countCancelDue } from "../decide/dueRules.ts";
import type { PollFailure } from "../decide/pollFailure.ts";
import { pollRetryRequested } from "../decide/pollRequests.ts";
import { windowFor } from "../decide/windowFor.ts";
import { ShepherdError } from "../errors.ts";
import type { Shard } from "../events/shard.ts";
import type { ShepherdEvent } from "../events/shepherdEvent.ts";
import type { Window } from "../events/window.ts";
import type { ClusterRef } from "../model/cluster.ts";
import type { UpgradeSnapshot } from "../model/snapshot.ts";
import { toDecidePolicy } from "./decidePolicy.ts";
import { toMembers } from "./members.ts";
import { type ReadFailure, readFleet } from "./readFleet.ts";

export interface PollRunInput {
  /** The clusters this invocation reads: the inventory, one shard, or a retry's subset. */
  clusters: readonly ResolvedCluster[];
  settings: PollSettings;
  /** The schedule time `T` as received; each cluster's window floors it to its own grid. */
  t: Date;
  /** The schedule's interval (`defaults.pollInterval`): the grid `T` is on. */
  scheduleIntervalMs: number;
  /** 1 for the scheduled run; 2 and up for Poll Retry Requested re-reads. */
  attempt: number;
  shard: Shard | null;
  /** Clusters found due for cancel by earlier attempts of the same run. */
  clustersDueForCancelBefore?: number | undefined;
  /** For a shard: its share of each credential set's rate (`rateShares`). */
  shareOf?: ((credentialSet: string) => number) | undefined;
}

export interface PollRunDeps {
  client: SignedClient;
  credentials: CredentialSets;
  now: () => Date;
}

export interface PollRunResult {
  snapshots: UpgradeSnapshot[];
  /** Every read that failed in this attempt, retried or not. */
  failures: ReadFailure[];
  /** What to publish: decisions, Poll Failed for final failures, and Poll Retry Requested. */
  events: ShepherdEvent[];
  /** The window each cluster was judged in, by interval and lag. */
  windows: Window[];
}

/**
 * Whether the run at `t` reads a cluster polled every `intervalMs`: a cluster with a longer
 * interval than the schedule's is read only in runs on its own grid.
 */
export const onGrid = (t: Date, scheduleIntervalMs: number, intervalMs: number): boolean =>
  (Math.floor(t.getTime() / scheduleIntervalMs) * scheduleIntervalMs) % intervalMs === 0;

/** Authentication failures are never retried: Huawei locks a key after five in a row. */
const retryable = (f: ReadFailure): boolean => f.kind !== "auth";

/**
 * One poll attempt: read, decide, and ask for a re-read of what failed. A cluster whose
 * `pollInterval` is a multiple of the schedule's is read only in runs on its own grid; every
 * cluster is judged in the window of its own interval and lag. The whole invocation is one
 * read (one credential gate, one set of limits) and one blast-radius count.
 */
export async function pollRun(input: PollRunInput, deps: PollRunDeps): Promise<PollRunResult> {
  const clusters =
    input.attempt === 1
      ? input.clusters.filter((c) =>
          onGrid(input.t, input.scheduleIntervalMs, c.policy.pollInterval),
        )
      : [...input.clusters];
  const byKey = new Map(clusters.map((c) => [c.key, c]));
  const configOf = (ref: ClusterRef): ResolvedCluster => {
    const c = byKey.get(clusterKey(ref));
    if (!c) throw new ShepherdError(`no config for cluster ${clusterKey(ref)}`);
    return c;
  };
  const policyFor = (ref: ClusterRef) => toDecidePolicy(configOf(ref).policy, input.settings);
  const windowOf = (ref: ClusterRef): Window => {
    const { pollInterval, lag } = configOf(ref).policy;
    return windowFor(input.t, pollInterval, lag);
  };

  const { members, failures: unloaded } = toMembers(clusters, deps.credentials, input.settings);
  const read = await readFleet(members, {
    client: deps.client,
    now: deps.now,
    limits: { ...input.settings.concurrency, shareOf: input.shareOf },
  });
  const failures = [...unloaded, ...read.failures];
  const budgetLeft = input.attempt <= input.settings.readRetry.attempts;
  const toRetry = budgetLeft ? failures.filter(retryable) : [];
  const final = failures.filter((f) => !toRetry.includes(f));

  const groups = new Map<string, { window: Window; snapshots: UpgradeSnapshot[] }>();
  for (const snapshot of read.snapshots) {
    const window = windowOf(snapshot.cluster);
    const key = `${window.start}/${window.end}`;
    const group = groups.get(key) ?? { window, snapshots: [] };
    group.snapshots.push(snapshot);
    groups.set(key, group);
  }
  const dueIn = new Map(
    [...groups].map(([key, g]) => [key, countCancelDue(g.snapshots, g.window)]),
  );
  const runDue =
    [...dueIn.values()].reduce((a, b) => a + b, 0) + (input.clustersDueForCancelBefore ?? 0);

  const events: ShepherdEvent[] = [];
  for (const [key, { window, snapshots }] of groups) {
    // Each Cancel Due carries the whole run's count: decideRun adds its group's own to this.
    const before = runDue - (dueIn.get(key) ?? 0);
    events.push(
      ...decideRun(snapshots, [], window, policyFor, {
        shard: input.shard,
        clustersDueForCancelBefore: before,
      }),
    );
  }
  const [firstFinal] = final;
  if (firstFinal) {
    // One call for every final failure, so failures sharing a credential set make one Poll Failed.
    events.push(
      ...decideRun(
        [],
        final.map((f) => toPollFailure(f, input.attempt)),
        windowOf(firstFinal.cluster),
        policyFor,
        {
          shard: input.shard,
        },
      ),
    );
  }
  const [firstRetry] = toRetry;
  if (firstRetry) {
    events.push(
      pollRetryRequested({
        window: windowOf(firstRetry.cluster),
        attempt: input.attempt + 1,
        failures: toRetry.map((f) => toPollFailure(f, input.attempt)),
        shard: input.shard,
        clustersDueForCancel: runDue,
      }),
    );
  }
  return {
    snapshots: read.snapshots,
    failures,
    events,
    windows: [...groups.values()].map((g) => g.window),
  };
}

export const toPollFailure = (f: ReadFailure, attempt: number): PollFailure => ({
  cluster: f.cluster,
  kind: f.kind === "internal" ? "client" : f.kind,
  code: f.code ?? (f.status !== undefined ? `HTTP ${f.status}` : null),
  message: f.message,
  attempt,
  requestId: f.requestId ?? null,
  credentialSet: f.credentialSet,
});
