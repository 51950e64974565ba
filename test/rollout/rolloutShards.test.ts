import { afterEach, describe, expect, it } from "vitest";
import { runStartUpgrade } from "../../shared/actions/runStartUpgrade.ts";
import type { ResolvedCluster } from "../../shared/config/resolveClusters.ts";
import type { Rollout } from "../../shared/config/rollout.ts";
import { handlePoll } from "../../shared/poll/handlePoll.ts";
import { parsePollEvent } from "../../shared/poll/pollEvent.ts";
import { rateShares, shardOf, shardRunCount, shardRuns } from "../../shared/poll/shards.ts";
import { adapterOptions } from "../../shared/providers/target.ts";
import { rolloutGroups } from "../../shared/rollout/rolloutGroups.ts";
import { asBusEvent, type RecordedEvent, recordingBus } from "../helpers/recording-bus.ts";
import {
  ALWAYS,
  type FleetCluster,
  MIN,
  ROLLOUT_131,
  type RolloutStack,
  startRolloutStack,
} from "../helpers/rollout-stack.ts";

const rollout = (name: string, labels: Record<string, string>): Rollout =>
  ({
    name,
    target: { cce: "v1.31", ack: "1.31.1-aliyun.1" },
    clusters: { labels },
    waves: [{ name: "all", maxConcurrent: 1 }],
    haltOn: { failures: 1, stalls: 1 },
  }) as Rollout;

const cluster = (id: string, labels: Record<string, string>, credentials = "k"): ResolvedCluster =>
  ({
    key: `cce/r/p/${id}`,
    credentials,
    ref: { provider: "cce", region: "r", projectId: "p", clusterId: id, name: id, labels },
  }) as unknown as ResolvedCluster;

describe("shards of a fleet with rollouts (pure)", () => {
  const fleet = [
    ...["p1", "p2", "p3"].map((id) => cluster(id, { env: "prod" }, "a")),
    ...["s1", "s2"].map((id) => cluster(id, { env: "staging" }, "b")),
    ...["d1", "d2", "d3", "d4", "d5"].map((id) =>
      cluster(id, { env: "dev" }, id < "d3" ? "a" : "b"),
    ),
  ].reverse();

  it("join rollouts that share a cluster into one group, in the config's order", () => {
    const groups = rolloutGroups(
      [
        rollout("prod", { env: "prod" }),
        rollout("staging", { env: "staging" }),
        rollout("everything-cce", {}),
      ],
      fleet,
    );
    expect(groups.map((g) => g.rollouts)).toEqual([["prod", "staging", "everything-cce"]]);
    const apart = rolloutGroups(
      [rollout("prod", { env: "prod" }), rollout("staging", { env: "staging" })],
      fleet,
    );
    expect(apart.map((g) => [g.rollouts, g.clusters.map((c) => c.ref.clusterId)])).toEqual([
      [["prod"], ["p1", "p2", "p3"]],
      [["staging"], ["s1", "s2"]],
    ]);
  });

  it("give each group one shard, never split, and cut the rest as before", () => {
    const rollouts = [rollout("prod", { env: "prod" }), rollout("staging", { env: "staging" })];
    // shardSize 2: the prod group (3 clusters) is still one shard; 5 others make 3 shards.
    const count = shardRunCount(fleet, rollouts, 2);
    expect(count).toBe(5);
    const runs = shardRuns(fleet, rollouts, count);
    expect(runs.map((r) => [r.rollouts, r.clusters.map((c) => c.ref.clusterId)])).toEqual([
      [["prod"], ["p1", "p2", "p3"]],
      [["staging"], ["s1", "s2"]],
      [[], ["d1", "d2"]],
      [[], ["d3", "d4"]],
      [[], ["d5"]],
    ]);
    // Every cluster once; every key's shares add up to its whole rate.
    expect(runs.flatMap((r) => r.clusters.map((c) => c.key)).sort()).toEqual(
      fleet.map((c) => c.key).sort(),
    );
    for (const key of ["a", "b"]) {
      const total = runs.reduce((n, r) => n + (rateShares(r.clusters, fleet).get(key) ?? 0), 0);
      expect(total).toBeCloseTo(1, 10);
    }
    // The inventory's order changes nothing.
    expect(shardRuns([...fleet].reverse(), rollouts, count)).toEqual(runs);
  });

  it("are exactly the plain cut when no rollout covers a cluster", () => {
    for (const rollouts of [[], [rollout("none", { env: "nowhere" })]]) {
      const runs = shardRuns(fleet, rollouts, 3);
      expect(runs.map((r) => r.clusters)).toEqual(
        [0, 1, 2].map((index) => shardOf(fleet, { index, count: 3 })),
      );
      expect(runs.every((r) => r.rollouts.length === 0)).toBe(true);
    }
  });
});

// The real poll-status core (handlePoll: fan-out, shard runs, the rollout judge) and the real
// start-upgrade core, through the real signed client against the simulator on 127.0.0.1, on a
// test clock. EventBridge cannot run here: a recording client stands in for it.
const PROD = { ...ROLLOUT_131, name: "prod-1.31" };
const STAGING = {
  ...PROD,
  name: "staging-1.31",
  clusters: { labels: { env: "staging" } },
  waves: [{ name: "all", maxConcurrent: 1 }],
};
const FLEET: FleetCluster[] = [
  { name: "cce-canary", provider: "cce", outcome: "fail", labels: { env: "prod", ring: "canary" } },
  { name: "ack-1", provider: "ack", labels: { env: "prod" } },
  { name: "cce-2", provider: "cce", labels: { env: "prod" } },
  { name: "ack-stg", provider: "ack", labels: { env: "staging" } },
  { name: "cce-stg", provider: "cce", labels: { env: "staging" } },
  { name: "ack-dev", provider: "ack", labels: { env: "dev" } },
  { name: "cce-dev", provider: "cce", labels: { env: "dev" } },
];
const ROLLOUT_TYPES = new Set(["Upgrade Due", "Rollout Wave Ready", "Rollout Halted"]);

let stack: RolloutStack | undefined;
afterEach(async () => {
  await stack?.close();
  stack = undefined;
});

/** One scheduled run at `T = start + ms` with the given shard size, every shard run as its rule would. */
async function scheduledRun(
  s: RolloutStack,
  ms: number,
  shardSize: number,
): Promise<RecordedEvent[] & { shards: RecordedEvent[] }> {
  const t = new Date(s.start + ms);
  s.clock.set(new Date(t.getTime() + 5_000));
  const shepherd = {
    ...s.shepherd,
    config: { ...s.shepherd.config, poll: { ...s.shepherd.config.poll, shardSize } },
  };
  const deps = { client: s.client, now: () => s.clock.now() };
  const bus = recordingBus();
  await handlePoll({ kind: "schedule", t }, shepherd, { ...deps, eventBridge: bus });
  const requests = bus.events.filter((e) => e.detailType === "Poll Shard Requested");
  const out = bus.events.filter((e) => e.detailType !== "Poll Shard Requested");
  for (const request of requests) {
    const shard = recordingBus();
    await handlePoll(parsePollEvent(asBusEvent(request)), shepherd, {
      ...deps,
      eventBridge: shard,
    });
    out.push(...shard.events);
  }
  return Object.assign(out, { shards: requests });
}

/** The rollout events by id, without the per-invocation blast-radius count. */
const rolloutEvents = (events: RecordedEvent[]) =>
  events
    .filter((e) => ROLLOUT_TYPES.has(e.detailType))
    .map(({ detailType, detail }) => {
      const { upgradesDue: _count, ...rest } = detail;
      return { detailType, detail: rest };
    })
    .sort((a, b) => (a.detail.id < b.detail.id ? -1 : 1));

async function start(s: RolloutStack, events: RecordedEvent[]): Promise<string[]> {
  const started: string[] = [];
  for (const e of events) {
    if (e.detailType !== "Upgrade Due") continue;
    const detail = e.detail as never as Parameters<typeof runStartUpgrade>[0];
    const result = await runStartUpgrade(detail, {
      cluster: s.shepherd.clusters.find((c) => c.ref.clusterId === detail.cluster.clusterId),
      credentials: s.shepherd.credentials,
      adapters: adapterOptions(s.shepherd.config.poll),
      client: s.client,
      now: () => s.clock.now(),
      rollouts: s.shepherd.config.rollouts,
    });
    for (const o of result.events)
      if (o.detailType === "Action Succeeded") started.push(detail.cluster.name ?? "");
  }
  return started.sort();
}

describe("rollouts in a sharded fleet, in the simulator", () => {
  it("judge each rollout in its group's shard: the same events as an unsharded run, and halts too", async () => {
    stack = await startRolloutStack(FLEET, {
      rollouts: [PROD, STAGING],
      defaults: { maintenanceWindows: [ALWAYS] },
    });
    const s = stack;
    const sharded = await scheduledRun(s, 5 * MIN, 2);
    // Three shards: the prod group, the staging group, and the two dev clusters.
    expect(sharded.shards.map((e) => e.detail.rollouts ?? null)).toEqual([
      ["prod-1.31"],
      ["staging-1.31"],
      null,
    ]);
    const unsharded = await scheduledRun(s, 5 * MIN, 100);
    expect(rolloutEvents(sharded)).toEqual(rolloutEvents(unsharded));
    const due = sharded.filter((e) => e.detailType === "Upgrade Due");
    // The prod canary, and one staging cluster (maxConcurrent 1).
    const names = due.map((e) => (e.detail.cluster as { name: string }).name);
    expect(names[0]).toBe("cce-canary");
    expect(["ack-stg", "cce-stg"]).toContain(names[1]);
    // Each group's shard counts its own Upgrade Due for the blast-radius limit.
    expect(due.map((e) => e.detail.upgradesDue)).toEqual([1, 1]);
    // The first delivery runs the cloud's precheck (30s); the next run's delivery starts both.
    expect(await start(s, sharded)).toEqual([]);
    expect(await start(s, await scheduledRun(s, 10 * MIN, 2))).toHaveLength(2);

    // The canary fails at 10m05s + 12m: the prod group's shard halts the prod rollout.
    const later = await scheduledRun(s, 25 * MIN, 2);
    expect(
      later.filter((e) => e.detailType === "Rollout Halted").map((e) => e.detail.rollout),
    ).toEqual(["prod-1.31"]);
    expect(rolloutEvents(later)).toEqual(rolloutEvents(await scheduledRun(s, 25 * MIN, 100)));
    // Per-cluster news is each shard's as before: the canary's failure is announced once.
    expect(later.filter((e) => e.detailType === "Upgrade Failed")).toHaveLength(1);
  });
});
