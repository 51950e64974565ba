import { afterEach, expect, it } from "vitest";
import { pollRun } from "../../shared/poll/pollRun.ts";
import {
  ALWAYS,
  type FleetCluster,
  MIN,
  ROLLOUT_131,
  type RolloutStack,
  startRolloutStack,
} from "../helpers/rollout-stack.ts";

// The real poller core through the real signed client against the simulator on 127.0.0.1, on a
// test clock. Nothing is mocked, and the bus is not involved.
const FLEET: FleetCluster[] = [
  {
    name: "cce-canary",
    provider: "cce",
    outcome: "at-target",
    labels: { env: "prod", ring: "canary" },
  },
  { name: "ack-1", provider: "ack", labels: { env: "prod" } },
  { name: "ack-2", provider: "ack", outcome: "at-target", labels: { env: "prod" } },
  { name: "cce-3", provider: "cce", labels: { env: "prod" } },
];

let stack: RolloutStack | undefined;
afterEach(async () => {
  await stack?.close();
  stack = undefined;
});

it("reads the version of clusters with no upgrade on record, and never starts one that runs the target", async () => {
  stack = await startRolloutStack(FLEET, {
    rollouts: [ROLLOUT_131],
    defaults: { maintenanceWindows: [ALWAYS] },
  });
  const s = stack;
  for (const minutes of [5, 10]) {
    const mark = s.sim.requests.length;
    const t = new Date(s.start + minutes * MIN);
    s.clock.set(new Date(t.getTime() + 5_000));
    const run = await pollRun({ kind: "schedule", t }, s.shepherd, {
      client: s.client,
      now: () => s.clock.now(),
    });
    // The canary runs the target: its wave is complete, with no success time to soak from.
    const [rollout] = run.rollouts;
    expect(rollout?.waves.map((w) => w.gate)).toEqual(["complete", "eligible"]);
    expect(rollout?.waves[0]?.clusters[0]).toMatchObject({ state: "done", succeededAt: null });
    // The rest wave starts the two that need it, not ack-2, which runs the target too.
    const due = run.events.flatMap((e) =>
      e.detailType === "Upgrade Due" ? [e.detail.cluster.name] : [],
    );
    expect(due.sort()).toEqual(["ack-1", "cce-3"]);
    // One version read per cluster with no upgrade on record, each run (nothing is remembered).
    const versionReads = s.sim.requests
      .slice(mark)
      .filter((r) => r.operation === "ShowCluster" || r.operation === "DescribeClusterDetail")
      .map((r) => s.sim.scenario.clusters.find((c) => c.clusterId === r.clusterId)?.name)
      .sort();
    expect(versionReads).toEqual(["ack-1", "ack-2", "cce-3", "cce-canary"]);
  }
});
