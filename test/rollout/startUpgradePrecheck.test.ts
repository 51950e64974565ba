import { afterEach, describe, expect, it } from "vitest";
import { runStartUpgrade } from "../../shared/actions/runStartUpgrade.ts";
import { ProviderError } from "../../shared/client/index.ts";
import { type ShepherdEvent, ShepherdEventSchema } from "../../shared/events/shepherdEvent.ts";
import { pollRun } from "../../shared/poll/pollRun.ts";
import { adapterOptions } from "../../shared/providers/target.ts";
import {
  ALWAYS,
  type FleetCluster,
  HOUR,
  MIN,
  ROLLOUT_131,
  type RolloutStack,
  startRolloutStack,
} from "../helpers/rollout-stack.ts";

// start-upgrade's precheck through the real signed client against the real simulator over
// 127.0.0.1, on a test clock (no sleeps): the real poller core raises each run's Upgrade Due,
// and the real start-upgrade core answers it. Nothing is mocked; the bus is not involved.
const ROLLOUT = { ...ROLLOUT_131, waves: [{ name: "all", maxConcurrent: 5 }] };
const FAILING = {
  result: "fail",
  duration: "1m",
  findings: [
    {
      name: "DeprecatedAPICheck",
      group: "LimitCheck",
      level: "Fatal",
      message: "extensions/v1beta1 Ingress is removed in v1.31",
    },
  ],
};
const prod = (
  name: string,
  provider: FleetCluster["provider"],
  extra: Partial<FleetCluster> = {},
) => ({ name, provider, labels: { env: "prod" }, ...extra }) satisfies FleetCluster;

let stack: RolloutStack | undefined;
afterEach(async () => {
  await stack?.close();
  stack = undefined;
});

async function start(fleet: FleetCluster[], defaults: Record<string, unknown> = {}) {
  stack = await startRolloutStack(fleet, {
    rollouts: [ROLLOUT],
    defaults: { maintenanceWindows: [ALWAYS], ...defaults },
  });
  return stack;
}

/** The run at `T = start + ms`: poll 5s later, then start-upgrade for each Upgrade Due. */
async function runAt(s: RolloutStack, ms: number) {
  const T = s.start + ms;
  const mark = s.sim.requests.length;
  s.clock.set(new Date(T + 5_000));
  const polled = await pollRun({ kind: "schedule", t: new Date(T) }, s.shepherd, {
    client: s.client,
    now: () => s.clock.now(),
  });
  const outcomes: ShepherdEvent[] = [];
  for (const e of polled.events) {
    if (e.detailType !== "Upgrade Due") continue;
    const result = await runStartUpgrade(e.detail, {
      cluster: s.shepherd.clusters.find((c) => c.ref.clusterId === e.detail.cluster.clusterId),
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
  /** Every call that is not a GET, in order: [cluster, operation, status]. */
  const mutating = s
    .since(mark)
    .filter((r) => r.method !== "GET")
    .map((r) => [nameOf(r.clusterId), r.operation, r.status]);
  const byName = (name: string) => outcomes.find((o) => clusterName(o) === name);
  return { outcomes, mutating, byName };
}

describe("start-upgrade runs the cloud's precheck first", () => {
  it("creates a precheck on the first delivery and starts nothing; the next delivery starts", async () => {
    const s = await start([
      prod("cce-a", "cce"),
      prod("auto-a", "cce-autopilot"),
      prod("ack-a", "ack"),
    ]);
    const first = await runAt(s, 5 * MIN);
    expect(first.mutating.sort()).toEqual(
      [
        ["ack-a", "RunClusterCheck", 200],
        ["auto-a", "CreatePreCheck", 200],
        ["cce-a", "CreatePreCheck", 200],
      ].sort(),
    );
    for (const o of first.outcomes) {
      expect(o).toMatchObject({
        detailType: "Action Skipped",
        detail: {
          action: "upgrade",
          reason: "precheck-running",
          severity: "debug",
          message: expect.stringMatching(
            /^the cloud has no precheck for .+ on record: started the cloud's precheck \S+ \((CreatePreCheck|RunClusterCheck)\)/,
          ),
        },
      });
    }
    expect(first.outcomes).toHaveLength(3);
    // CCE's CreatePreCheck named the cluster's current version, read from ShowCluster (each CCE
    // cluster's other ShowCluster is the poll's: no upgrade on record, docs/rollouts.md).
    const sent = s.sim.requests.filter((r) => r.operation === "ShowCluster");
    const cce = [s.target("cce-a").cluster.clusterId, s.target("auto-a").cluster.clusterId];
    expect(sent.map((r) => r.clusterId).sort()).toEqual([...cce, ...cce].sort());

    const second = await runAt(s, 10 * MIN);
    expect(second.mutating.sort()).toEqual(
      [
        ["ack-a", "UpgradeCluster", 200],
        ["auto-a", "UpgradeCluster", 200],
        ["cce-a", "UpgradeCluster", 200],
      ].sort(),
    );
    expect(second.byName("ack-a")).toMatchObject({
      detailType: "Action Succeeded",
      detail: {
        alreadyDone: false,
        message: expect.stringMatching(
          /^UpgradeCluster to 1\.31\.1-aliyun\.1 accepted: task T-\w+ \(the cloud's precheck \S+-clustercheck-[a-z]{5} for 1\.31\.1-aliyun\.1 passed/,
        ),
      },
    });
    expect(types(second.outcomes)).toEqual([
      "Action Succeeded",
      "Action Succeeded",
      "Action Succeeded",
    ]);
  });

  it("a running precheck is waited for quietly, and not created twice", async () => {
    const s = await start([prod("cce-slow", "cce", { precheck: { duration: "7m" } })]);
    expect((await runAt(s, 5 * MIN)).mutating).toEqual([["cce-slow", "CreatePreCheck", 200]]);
    const waiting = await runAt(s, 10 * MIN);
    expect(waiting.mutating).toEqual([]);
    expect(waiting.byName("cce-slow")?.detail).toMatchObject({
      reason: "precheck-running",
      severity: "debug",
      message: expect.stringMatching(/is running \(status Running, since /),
    });
    expect((await runAt(s, 15 * MIN)).mutating).toEqual([["cce-slow", "UpgradeCluster", 200]]);
  });

  it("stops on a failing precheck with its findings, announced once across deliveries, and never starts", async () => {
    const s = await start([
      prod("cce-bad", "cce", { precheck: FAILING }),
      prod("ack-bad", "ack", { precheck: FAILING }),
    ]);
    expect((await runAt(s, 5 * MIN)).mutating.map(([, op]) => op).sort()).toEqual([
      "CreatePreCheck",
      "RunClusterCheck",
    ]);
    // Finished at 6m05s, in the window (3m, 8m] of the run at 10m: a warning, once.
    const found = await runAt(s, 10 * MIN);
    expect(found.mutating).toEqual([]);
    expect(found.byName("cce-bad")).toMatchObject({
      detailType: "Action Skipped",
      detail: {
        reason: "precheck",
        severity: "warning",
        precheck: {
          status: "Failed",
          finishedAt: new Date(s.start + 6 * MIN + 5_000).toISOString(),
          findings: [
            "LimitCheck DeprecatedAPICheck [Fatal, Exception] Failed: extensions/v1beta1 Ingress is removed in v1.31",
          ],
        },
        message: expect.stringContaining("did not pass (status Failed"),
      },
    });
    expect(found.byName("ack-bad")).toMatchObject({
      detail: {
        reason: "precheck",
        severity: "warning",
        precheck: {
          status: "Failed",
          findings: [
            "LimitCheck DeprecatedAPICheck [Fatal]: extensions/v1beta1 Ingress is removed in v1.31",
          ],
        },
      },
    });
    // ACK's list has no items: GetClusterCheck was read for them.
    expect(s.sim.requests.some((r) => r.operation === "GetClusterCheck")).toBe(true);
    // The next delivery says the same at debug: announced once.
    const again = await runAt(s, 15 * MIN);
    expect(again.mutating).toEqual([]);
    expect(
      again.outcomes
        .map((o) => [clusterName(o), o.detail.severity, "reason" in o.detail && o.detail.reason])
        .sort(),
    ).toEqual([
      ["ack-bad", "debug", "precheck"],
      ["cce-bad", "debug", "precheck"],
    ]);
    expect(s.sim.requests.filter((r) => r.operation === "UpgradeCluster")).toEqual([]);
  });

  it("runs a failed precheck again once it is stale, so a fix is picked up (ACK: the cluster's repeat, 4h)", async () => {
    const s = await start([prod("ack-bad", "ack", { precheck: FAILING })]);
    await runAt(s, 5 * MIN);
    expect((await runAt(s, 4 * HOUR)).mutating).toEqual([]);
    // 6m05s + 4h has passed by the run at 4h10m: a new check, and a quiet wait for it.
    const rerun = await runAt(s, 4 * HOUR + 10 * MIN);
    expect(rerun.mutating).toEqual([["ack-bad", "RunClusterCheck", 200]]);
    expect(rerun.byName("ack-bad")?.detail).toMatchObject({
      reason: "precheck-running",
      message: expect.stringMatching(/is stale: it finished at .+, 4h or more ago: started/),
    });
  });

  it("in a dry run sends no precheck and no start, on every provider, run after run", async () => {
    const s = await start(
      [prod("cce-a", "cce"), prod("auto-a", "cce-autopilot"), prod("ack-a", "ack")],
      { dryRun: true },
    );
    for (const t of [5, 10, 15]) {
      const run = await runAt(s, t * MIN);
      expect(run.mutating).toEqual([]);
      expect(run.outcomes.map((o) => "reason" in o.detail && o.detail.reason)).toEqual([
        "dry-run",
        "dry-run",
        "dry-run",
      ]);
    }
    expect(s.sim.requests.filter((r) => r.method !== "GET")).toEqual([]);
    expect(s.sim.requests.filter((r) => r.mutated)).toEqual([]);
  });

  it("in a dry run with a passed precheck on record says it would start, and starts nothing", async () => {
    const s = await start([prod("cce-a", "cce")]);
    await runAt(s, 5 * MIN); // a real precheck, before the deployment turned to dry run
    s.clock.set(new Date(s.start + 10 * MIN + 5_000));
    const polled = await pollRun(
      { kind: "schedule", t: new Date(s.start + 10 * MIN) },
      s.shepherd,
      {
        client: s.client,
        now: () => s.clock.now(),
      },
    );
    const due = polled.events.find((e) => e.detailType === "Upgrade Due");
    if (due?.detailType !== "Upgrade Due") throw new Error("no Upgrade Due");
    const mark = s.sim.requests.length;
    const result = await runStartUpgrade(due.detail, {
      cluster: s.shepherd.clusters[0],
      credentials: s.shepherd.credentials,
      adapters: adapterOptions(s.shepherd.config.poll),
      client: s.client,
      now: () => s.clock.now(),
      rollouts: s.shepherd.config.rollouts,
      dryRun: true,
    });
    expect(result.events[0]?.detail).toMatchObject({
      reason: "dry-run",
      message: expect.stringMatching(
        /^dry run: the cloud's precheck \S+ for v1\.31 passed .*; would start the upgrade to v1\.31/,
      ),
    });
    expect(s.since(mark).filter((r) => r.method !== "GET")).toEqual([]);
  });
});

describe("a precheck call that fails", () => {
  it("reports a refused listing as Action Failed with the cloud's code, and starts nothing", async () => {
    const s = await start([
      prod("cce-closed", "cce", {
        faults: [{ kind: "forbidden", operation: "ListPreCheckTasks" }],
      }),
    ]);
    const run = await runAt(s, 5 * MIN);
    expect(run.byName("cce-closed")).toMatchObject({
      detailType: "Action Failed",
      detail: { action: "upgrade", error: { kind: "permission", code: "CCE.01403001" } },
    });
    expect(run.mutating).toEqual([]);
  });

  it("never retries a refused key: one ListClusterChecks, Action Failed (auth), nothing created", async () => {
    const s = await start([
      prod("ack-key", "ack", { faults: [{ kind: "keyRefused", operation: "ListClusterChecks" }] }),
    ]);
    const run = await runAt(s, 5 * MIN);
    expect(run.byName("ack-key")).toMatchObject({
      detailType: "Action Failed",
      detail: { error: { kind: "auth" } },
    });
    expect(s.sim.requests.filter((r) => r.operation === "ListClusterChecks")).toHaveLength(1);
    expect(run.mutating).toEqual([]);
  });

  it("reports an unreadable answer as Action Failed (parse), and starts nothing", async () => {
    const s = await start([
      prod("cce-garbled", "cce", {
        faults: [{ kind: "malformed", operation: "ListPreCheckTasks" }],
      }),
    ]);
    const run = await runAt(s, 5 * MIN);
    expect(run.byName("cce-garbled")).toMatchObject({
      detailType: "Action Failed",
      detail: { error: { kind: "parse" } },
    });
    expect(run.mutating).toEqual([]);
  });

  it("throws a transient failure of CreatePreCheck for Lambda's retry", async () => {
    const s = await start([
      prod("cce-busy", "cce", {
        faults: [{ kind: "serverError", operation: "CreatePreCheck", status: 503 }],
      }),
    ]);
    await expect(runAt(s, 5 * MIN)).rejects.toBeInstanceOf(ProviderError);
    expect(s.sim.requests.filter((r) => r.operation === "UpgradeCluster")).toEqual([]);
  });
});

const types = (events: readonly ShepherdEvent[]) => events.map((e) => e.detailType);
const clusterName = (e: ShepherdEvent) => ("cluster" in e.detail ? e.detail.cluster.name : null);

describe("an approved start (Upgrade Due with requestedBy) waits for the precheck it runs", () => {
  const ALICE = {
    channel: "slack",
    receiver: "ops-slack",
    userId: "U0ALICE001",
    userName: "alice",
  };

  /** The run's Upgrade Due for `name`, as an approval's would carry it, answered with a wait. */
  async function approvedStart(s: RolloutStack, ms: number, name: string, maxMs: number) {
    const T = s.start + ms;
    s.clock.set(new Date(T + 5_000));
    const polled = await pollRun({ kind: "schedule", t: new Date(T) }, s.shepherd, {
      client: s.client,
      now: () => s.clock.now(),
    });
    const due = polled.events.find(
      (e) => e.detailType === "Upgrade Due" && e.detail.cluster.name === name,
    );
    if (due?.detailType !== "Upgrade Due") throw new Error(`no Upgrade Due for ${name}`);
    const mark = s.sim.requests.length;
    const slept: number[] = [];
    const result = await runStartUpgrade(
      { ...due.detail, requestedBy: ALICE } as typeof due.detail,
      {
        cluster: s.shepherd.clusters.find((c) => c.ref.name === name),
        credentials: s.shepherd.credentials,
        adapters: adapterOptions(s.shepherd.config.poll),
        client: s.client,
        now: () => s.clock.now(),
        rollouts: s.shepherd.config.rollouts,
        precheckWait: {
          maxMs,
          everyMs: 15_000,
          // The test clock is the simulator's: a sleep moves it, nothing waits.
          sleep: async (ms) => {
            slept.push(ms);
            s.clock.set(new Date(s.clock.now().getTime() + ms));
          },
        },
      },
    );
    const mutating = s
      .since(mark)
      .filter((r) => r.method !== "GET")
      .map((r) => r.operation);
    return { outcomes: result.events.map((o) => ShepherdEventSchema.parse(o)), mutating, slept };
  }

  it("starts in the same delivery once its precheck passes", async () => {
    const s = await start([prod("cce-a", "cce"), prod("ack-a", "ack")]);
    for (const name of ["cce-a", "ack-a"]) {
      const run = await approvedStart(s, 5 * MIN, name, 10 * MIN);
      const create = name === "ack-a" ? "RunClusterCheck" : "CreatePreCheck";
      expect(run.mutating).toEqual([create, "UpgradeCluster"]);
      // The simulator's precheck takes 30s: two reads 15s apart find it passed.
      expect(run.slept).toEqual([15_000, 15_000]);
      expect(run.outcomes).toHaveLength(1);
      expect(run.outcomes[0]).toMatchObject({
        detailType: "Action Succeeded",
        detail: { action: "upgrade", requestedBy: ALICE },
      });
    }
  });

  it("gives up after its bound, starts nothing, and says the approval is not kept", async () => {
    const slow = { result: "pass", duration: "20m" };
    const s = await start([prod("cce-a", "cce", { precheck: slow })]);
    const run = await approvedStart(s, 5 * MIN, "cce-a", 2 * MIN);
    expect(run.mutating).toEqual(["CreatePreCheck"]);
    expect(run.slept.reduce((a, b) => a + b, 0)).toBe(2 * MIN);
    expect(run.outcomes).toHaveLength(1);
    expect(run.outcomes[0]).toMatchObject({
      detailType: "Action Skipped",
      detail: { reason: "precheck-running", severity: "warning", requestedBy: ALICE },
    });
    expect(run.outcomes[0]?.detail).toHaveProperty(
      "message",
      expect.stringMatching(
        /still running after 2m: nothing started, and the approval is not kept/,
      ),
    );
  });
});
