import { afterEach, describe, expect, it } from "vitest";
import { ProviderError } from "../../shared/client/index.ts";
import { startUpgrade } from "../../shared/providers/actions/startUpgrade.ts";
import { readSnapshot } from "../../shared/providers/read.ts";
import { MIN, type RolloutStack, startRolloutStack } from "../helpers/rollout-stack.ts";

// UpgradeCluster through the real signed client against the simulator over 127.0.0.1: the
// simulator checks the body each cloud documents (a 200 means it parsed), starts the scenario's
// upgrade, and refuses a second start or a version the cluster cannot go to.
const FLEET = [
  { name: "cce-a", provider: "cce" as const },
  { name: "auto-a", provider: "cce-autopilot" as const },
  { name: "ack-a", provider: "ack" as const },
];

let stack: RolloutStack | undefined;
afterEach(async () => {
  await stack?.close();
  stack = undefined;
});

const clusterIdOf = (s: RolloutStack, name: string) => s.target(name).cluster.clusterId;

describe("UpgradeCluster in the simulator", () => {
  it("starts a CCE upgrade, answers the task's uid, and plays the upgrade from then on", async () => {
    stack = await startRolloutStack(FLEET);
    const s = stack;
    s.clock.set(new Date(s.start + 30 * MIN));
    expect(s.sim.upgradeState(clusterIdOf(s, "cce-a"))).toBeNull();
    const mark = s.sim.requests.length;
    const done = await startUpgrade(s.target("cce-a"), { client: s.client }, "v1.31");
    expect(done.operation).toBe("UpgradeCluster");
    expect(done.taskId).toMatch(/^[0-9a-f-]{36}$/);
    expect(s.since(mark).map((r) => [r.method, r.operation, r.status, r.mutated])).toEqual([
      ["POST", "UpgradeCluster", 200, true],
    ]);
    expect(s.since(mark)[0]?.path).toBe(
      `/api/v3/projects/${s.target("cce-a").cluster.projectId}/clusters/${clusterIdOf(s, "cce-a")}/operation/upgrade`,
    );
    s.clock.set(new Date(s.start + 35 * MIN));
    const snap = await readSnapshot(s.target("cce-a"), {
      client: s.client,
      now: () => s.clock.now(),
      adapters: { ack: { upgradeTaskType: "cluster_upgrade" } },
    });
    expect(snap.upgrade).toMatchObject({
      id: done.taskId,
      phase: "running",
      toVersion: "v1.31.2-r0",
    });
  });

  it("starts an Autopilot upgrade under /autopilot/v3", async () => {
    stack = await startRolloutStack(FLEET);
    const mark = stack.sim.requests.length;
    await startUpgrade(stack.target("auto-a"), { client: stack.client }, "v1.31.2-r0");
    expect(stack.since(mark)[0]?.path).toMatch(
      /^\/autopilot\/v3\/projects\/.+\/operation\/upgrade$/,
    );
    expect(stack.sim.upgradeState(clusterIdOf(stack, "auto-a"))?.status).toBe("precheck");
  });

  it("starts an ACK upgrade with next_version and answers its task_id", async () => {
    stack = await startRolloutStack(FLEET);
    const done = await startUpgrade(
      stack.target("ack-a"),
      { client: stack.client },
      "1.31.1-aliyun.1",
    );
    expect(done.taskId).toMatch(/^T-/);
    expect(stack.sim.upgradeState(clusterIdOf(stack, "ack-a"))?.status).toBe("precheck");
  });

  it("refuses a second start while the first runs: CCE a 403 state refusal, ACK a 400", async () => {
    stack = await startRolloutStack(FLEET);
    const s = stack;
    await startUpgrade(s.target("cce-a"), { client: s.client }, "v1.31");
    await startUpgrade(s.target("ack-a"), { client: s.client }, "1.31.1-aliyun.1");
    s.clock.set(new Date(s.start + 5 * MIN));
    const mark = s.sim.requests.length;
    const cce = await startUpgrade(s.target("cce-a"), { client: s.client }, "v1.31").catch(
      (e: unknown) => e,
    );
    const ack = await startUpgrade(
      s.target("ack-a"),
      { client: s.client },
      "1.31.1-aliyun.1",
    ).catch((e: unknown) => e);
    expect(cce).toBeInstanceOf(ProviderError);
    expect(cce).toMatchObject({ status: 403, code: "CCE.01403003", kind: "client" });
    expect(ack).toMatchObject({ status: 400, code: "BadRequest", kind: "client" });
    // A refusal is answered once: a POST is never retried on a 4xx the cloud looked at.
    expect(s.since(mark).map((r) => [r.operation, r.status, r.mutated])).toEqual([
      ["UpgradeCluster", 403, false],
      ["UpgradeCluster", 400, false],
    ]);
  });

  it("refuses a version the cluster cannot go to, and starts nothing", async () => {
    stack = await startRolloutStack(FLEET);
    const s = stack;
    const current = await startUpgrade(s.target("cce-a"), { client: s.client }, "v1.30").catch(
      (e: unknown) => e,
    );
    expect(current).toMatchObject({ status: 400, code: "CCE.01400001" });
    expect((current as ProviderError).providerMessage).toMatch(/must be higher/);
    const other = await startUpgrade(
      s.target("ack-a"),
      { client: s.client },
      "1.32.1-aliyun.1",
    ).catch((e: unknown) => e);
    expect(other).toMatchObject({ status: 400, code: "BadRequest" });
    expect(s.sim.upgradeState(clusterIdOf(s, "cce-a"))).toBeNull();
    expect(s.sim.upgradeState(clusterIdOf(s, "ack-a"))).toBeNull();
  });
});
