import { afterEach, describe, expect, it } from "vitest";
import { runStartUpgrade } from "../../shared/actions/runStartUpgrade.ts";
import { type ShepherdEvent, ShepherdEventSchema } from "../../shared/events/shepherdEvent.ts";
import { pollRun } from "../../shared/poll/pollRun.ts";
import { adapterOptions } from "../../shared/providers/target.ts";
import { waveClusters } from "../../shared/rollout/waveClusters.ts";
import {
  ALWAYS,
  type FleetCluster,
  MIN,
  ROLLOUT_131,
  type RolloutStack,
  startRolloutStack,
} from "../helpers/rollout-stack.ts";

// A rollout of a small fleet across two clouds, in the simulator over 127.0.0.1: the real poller
// core (read, decide, the rollout judge) and the real start-upgrade core, through the real
// signed client, on a test clock set by each step (no sleeps). Nothing is mocked; the bus is
// not involved: each run's Upgrade Due is handed to start-upgrade as its rule would.
const ROLLOUT = ROLLOUT_131;

const fleet = (restOutcome: "success" | "fail"): FleetCluster[] => [
  { name: "cce-canary", provider: "cce", labels: { env: "prod", ring: "canary" } },
  { name: "ack-1", provider: "ack", outcome: restOutcome, labels: { env: "prod" } },
  { name: "cce-2", provider: "cce", outcome: restOutcome, labels: { env: "prod" } },
  { name: "auto-3", provider: "cce-autopilot", outcome: restOutcome, labels: { env: "prod" } },
  { name: "ack-4", provider: "ack", outcome: restOutcome, labels: { env: "prod" } },
  { name: "ack-staging", provider: "ack", labels: { env: "staging" } },
];

let stack: RolloutStack | undefined;
afterEach(async () => {
  await stack?.close();
  stack = undefined;
});

interface Run {
  events: ShepherdEvent[];
  outcomes: ShepherdEvent[];
  /** The clusters UpgradeCluster reached in this run, by name, with the HTTP status. */
  starts: [string, number][];
  /** The clusters a precheck was created for in this run (CreatePreCheck, RunClusterCheck). */
  prechecks: [string, number][];
}

/** The run at `T = start + ms`: poll 5s later, then start-upgrade for each Upgrade Due. */
async function runAt(s: RolloutStack, ms: number): Promise<Run> {
  const T = s.start + ms;
  const mark = s.sim.requests.length;
  s.clock.set(new Date(T + 5_000));
  const polled = await pollRun({ kind: "schedule", t: new Date(T) }, s.shepherd, {
    client: s.client,
    now: () => s.clock.now(),
  });
  const events = polled.events.map((e) => ShepherdEventSchema.parse(e));
  const outcomes: ShepherdEvent[] = [];
  for (const e of events) {
    if (e.detailType !== "Upgrade Due") continue;
    const cluster = s.shepherd.clusters.find((c) => c.ref.clusterId === e.detail.cluster.clusterId);
    const result = await runStartUpgrade(e.detail, {
      cluster,
      credentials: s.shepherd.credentials,
      adapters: adapterOptions(s.shepherd.config.poll),
      client: s.client,
      now: () => s.clock.now(),
      rollouts: s.shepherd.config.rollouts,
    });
    outcomes.push(...result.events.map((o) => ShepherdEventSchema.parse(o)));
  }
  const nameOf = (id: string | null) =>
    s.sim.scenario.clusters.find((c) => c.clusterId === id)?.name ?? "?";
  const calls = (ops: string[]) =>
    s
      .since(mark)
      .filter((r) => ops.includes(r.operation ?? ""))
      .map((r): [string, number] => [nameOf(r.clusterId), r.status]);
  return {
    events,
    outcomes,
    starts: calls(["UpgradeCluster"]),
    prechecks: calls(["CreatePreCheck", "RunClusterCheck"]),
  };
}

const types = (events: readonly ShepherdEvent[]) => events.map((e) => e.detailType);

/** The rest wave's clusters in the rollout's stable order, as the judge splits them. */
function restOrder(s: RolloutStack): string[] {
  const split = waveClusters(
    s.shepherd.config.rollouts[0] as never,
    s.shepherd.clusters.map((c) => c.ref),
  );
  return (split.waves[1]?.clusters ?? []).map((c) => c.name ?? "");
}

describe("a rollout in the simulator", () => {
  it("prechecks and starts the canary, waits out its soak, then the rest two at a time", async () => {
    stack = await startRolloutStack(fleet("success"), {
      rollouts: [ROLLOUT],
      defaults: { maintenanceWindows: [ALWAYS] },
    });
    const s = stack;
    const rest = restOrder(s);
    expect(rest).toHaveLength(4);
    expect(rest).not.toContain("ack-staging");

    // The first delivery runs the cloud's precheck (30s) and starts nothing; the next one starts.
    const first = await runAt(s, 5 * MIN);
    expect(first.starts).toEqual([]);
    expect(first.prechecks).toEqual([["cce-canary", 200]]);
    expect(first.outcomes.map((o) => o.detail)).toMatchObject([{ reason: "precheck-running" }]);
    const second = await runAt(s, 10 * MIN);
    expect(second.starts).toEqual([["cce-canary", 200]]);
    expect(second.prechecks).toEqual([]);
    expect(types(second.outcomes)).toEqual(["Action Succeeded"]);
    // The canary upgrades (prechecks 2m, upgrades 10m): nothing else may start.
    expect((await runAt(s, 15 * MIN)).starts).toEqual([]);
    // It succeeds at 10m05s + 12m; the rest soaks for 1h from then, to 1h22m05s.
    expect((await runAt(s, 25 * MIN)).starts).toEqual([]);
    const soaking = await runAt(s, 80 * MIN);
    expect([soaking.starts, soaking.prechecks]).toEqual([[], []]);
    const soaked = await runAt(s, 85 * MIN);
    expect(soaked.starts).toEqual([]);
    expect(soaked.prechecks).toEqual([
      [rest[0], 200],
      [rest[1], 200],
    ]);
    expect((await runAt(s, 90 * MIN)).starts).toEqual([
      [rest[0], 200],
      [rest[1], 200],
    ]);
    // Two run: the third waits for a slot, and starts once one of them succeeds (102m05s).
    expect((await runAt(s, 95 * MIN)).starts).toEqual([]);
    expect((await runAt(s, 105 * MIN)).prechecks).toEqual([
      [rest[2], 200],
      [rest[3], 200],
    ]);
    expect((await runAt(s, 110 * MIN)).starts).toEqual([
      [rest[2], 200],
      [rest[3], 200],
    ]);
    // The staging cluster is not in the rollout: nothing ever started it.
    expect(s.sim.upgradeState(s.target("ack-staging").cluster.clusterId)).toBeNull();
  });

  it("halts on a failed upgrade: Rollout Halted, and no further start while it holds", async () => {
    stack = await startRolloutStack(fleet("fail"), {
      rollouts: [ROLLOUT],
      defaults: { maintenanceWindows: [ALWAYS] },
    });
    const s = stack;
    const rest = restOrder(s);
    expect((await runAt(s, 5 * MIN)).prechecks).toEqual([["cce-canary", 200]]);
    expect((await runAt(s, 10 * MIN)).starts).toEqual([["cce-canary", 200]]);
    expect((await runAt(s, 85 * MIN)).prechecks.map(([name]) => name)).toEqual(rest.slice(0, 2));
    const soaked = await runAt(s, 90 * MIN);
    expect(soaked.starts.map(([name]) => name)).toEqual(rest.slice(0, 2));
    // Both fail at 90m05s + 12m = 102m05s, in the window (98m, 103m] of the run at 105m.
    const halted = await runAt(s, 105 * MIN);
    expect(types(halted.events)).toContain("Rollout Halted");
    const event = halted.events.find((e) => e.detailType === "Rollout Halted");
    expect(event?.detail).toMatchObject({ severity: "critical", rollout: "k8s-1.31" });
    expect(types(halted.events)).not.toContain("Upgrade Due");
    expect([halted.starts, halted.prechecks]).toEqual([[], []]);
    // Hours later it still holds: the other two are never prechecked nor started.
    for (const t of [110, 180, 300]) {
      const run = await runAt(s, t * MIN);
      expect([run.starts, run.prechecks]).toEqual([[], []]);
    }
    for (const name of rest.slice(2)) {
      expect(s.sim.upgradeState(s.target(name).cluster.clusterId)).toBeNull();
    }
  });

  it("in a dry run reports what it would do and sends no precheck and no UpgradeCluster", async () => {
    stack = await startRolloutStack(fleet("success"), {
      rollouts: [ROLLOUT],
      defaults: { maintenanceWindows: [ALWAYS], dryRun: true },
    });
    const s = stack;
    const run = await runAt(s, 5 * MIN);
    expect(run.starts).toEqual([]);
    expect(run.outcomes).toHaveLength(1);
    expect(run.outcomes[0]?.detail).toMatchObject({
      action: "upgrade",
      reason: "dry-run",
      dryRun: true,
      cluster: { name: "cce-canary" },
      message: expect.stringMatching(
        /^dry run: the cloud has no precheck for v1\.31 on record; would run the cloud's precheck \(CreatePreCheck\), then start the upgrade to v1\.31$/,
      ),
    });
    expect(s.sim.requests.filter((r) => r.method !== "GET")).toEqual([]);
    // Each run keeps saying so (a level event), and still prechecks and starts nothing.
    const again = await runAt(s, 10 * MIN);
    expect([again.starts, again.prechecks]).toEqual([[], []]);
    expect(s.sim.requests.filter((r) => r.method !== "GET")).toEqual([]);
  });
});

describe("start-upgrade's guards", () => {
  async function stackWith(defaults: Record<string, unknown> = {}) {
    stack = await startRolloutStack(fleet("success"), {
      rollouts: [ROLLOUT],
      defaults: { maintenanceWindows: [ALWAYS], ...defaults },
    });
    return stack;
  }

  /** The run at `ms`'s Upgrade Due (the canary's), and start-upgrade's deps, without delivering it. */
  async function dueOf(s: RolloutStack, ms: number) {
    s.clock.set(new Date(s.start + ms + 5_000));
    const polled = await pollRun({ kind: "schedule", t: new Date(s.start + ms) }, s.shepherd, {
      client: s.client,
      now: () => s.clock.now(),
    });
    const due = polled.events.find((e) => e.detailType === "Upgrade Due");
    if (due?.detailType !== "Upgrade Due") throw new Error("no Upgrade Due");
    const deps = {
      cluster: s.shepherd.clusters.find((c) => c.ref.name === "cce-canary"),
      credentials: s.shepherd.credentials,
      adapters: adapterOptions(s.shepherd.config.poll),
      client: s.client,
      now: () => s.clock.now(),
      rollouts: s.shepherd.config.rollouts,
    };
    return { due: due.detail, deps };
  }

  async function dueAt(ms: number, defaults: Record<string, unknown> = {}) {
    const s = await stackWith(defaults);
    return { s, ...(await dueOf(s, ms)) };
  }

  it("counts a start the cloud refuses because its upgrade runs (CCE, in its precheck) as done", async () => {
    const s = await stackWith();
    await runAt(s, 5 * MIN); // the cloud's precheck runs, and passes at 5m35s
    const { due, deps } = await dueOf(s, 10 * MIN);
    await runStartUpgrade(due, deps); // the first delivery starts it; CCE lists no task while it prechecks
    const mark = s.sim.requests.length;
    const again = await runStartUpgrade(due, deps); // a second delivery of the same event
    expect(again.events[0]).toMatchObject({
      detailType: "Action Succeeded",
      detail: { action: "upgrade", alreadyDone: true },
    });
    expect(
      s
        .since(mark)
        .filter((r) => r.method !== "GET")
        .map((r) => [r.operation, r.status, r.mutated]),
    ).toEqual([["UpgradeCluster", 403, false]]);
  });

  it("counts an upgrade to the target that already runs as done, and sends no start", async () => {
    const s = await stackWith();
    await runAt(s, 5 * MIN); // the cloud's precheck
    const { due, deps } = await dueOf(s, 10 * MIN);
    await runStartUpgrade(due, deps); // the first delivery starts it
    s.clock.set(new Date(s.start + 14 * MIN)); // past its precheck: the task is listed
    const mark = s.sim.requests.length;
    const again = await runStartUpgrade(due, deps); // a second delivery of the same event
    expect(again.events).toHaveLength(1);
    expect(again.events[0]).toMatchObject({
      detailType: "Action Succeeded",
      detail: { action: "upgrade", alreadyDone: true },
    });
    expect(s.since(mark).filter((r) => r.method !== "GET")).toEqual([]);
  });

  it("starts nothing above the blast-radius limit, and reads nothing", async () => {
    const { s, due, deps } = await dueAt(5 * MIN, { blastRadiusLimit: 0 });
    const mark = s.sim.requests.length;
    const result = await runStartUpgrade(due, deps);
    expect(result.events[0]?.detail).toMatchObject({ reason: "blast-radius", severity: "warning" });
    expect(s.since(mark)).toEqual([]);
  });

  it("starts nothing when the rollout's target changed since the poll", async () => {
    const { s, due, deps } = await dueAt(5 * MIN);
    const changed = deps.rollouts.map((r) => ({ ...r, target: { ...r.target, cce: "v1.32" } }));
    const mark = s.sim.requests.length;
    const result = await runStartUpgrade(due, { ...deps, rollouts: changed });
    expect(result.events[0]?.detail).toMatchObject({
      reason: "policy",
      message: expect.stringMatching(/v1\.32, not v1\.31/),
    });
    expect(s.since(mark)).toEqual([]);
  });
});
