import { afterEach, describe, expect, it } from "vitest";
import { ProviderError } from "../../shared/client/index.ts";
import {
  ackUpgradeAction,
  cancelCceWorkflow,
  continueCceUpgrade,
  createPostCheck,
  describeAckCluster,
  UnsupportedActionError,
} from "../../shared/providers/actions/index.ts";
import type { ClusterTarget } from "../../shared/providers/target.ts";
import { type ActionStack, MIN, startActionStack } from "../helpers/action-stack.ts";
import { actionsScenario, withAckShapes } from "../helpers/actions-scenario.ts";

// The provider action calls on their own, against the simulator: what each sends, what it
// returns, and how ACK falls back to the deprecated cluster-level calls.
let stack: ActionStack | undefined;
afterEach(async () => {
  await stack?.sim.close();
  stack = undefined;
});

async function setup(options: Parameters<typeof startActionStack>[0] = {}) {
  stack = await startActionStack(options);
  const s = stack;
  const target = (name: string): ClusterTarget => {
    const c = s.cluster(name);
    return {
      cluster: c.ref,
      endpoint: c.endpoint,
      credentials: s.shepherd.credentials.get(c.credentials),
    };
  };
  const ctx = { client: s.client };
  return { s, target, ctx };
}

const ackTask = (s: ActionStack, name: string) =>
  s.sim.scenario.clusters.find((c) => c.name === name)?.clusterId ?? "";

describe("ACK task actions", () => {
  it("cancels a running upgrade task with CancelTask", async () => {
    const { s, target, ctx } = await setup();
    s.at(4 * MIN);
    const read = await describeAckCluster(target("ack-ok"), ctx);
    expect(read.state).toBe("updating");
    const taskId = s.find(await s.poll(5 * MIN), "Upgrade Started", "ack-ok").upgrade?.id;
    expect(taskId).toMatch(/^T-/);
    const done = await ackUpgradeAction(target("ack-ok"), ctx, "cancel", taskId ?? "");
    expect(done).toEqual({ operation: "CancelTask", requestId: expect.any(String), legacy: false });
    expect(s.sim.upgradeState(ackTask(s, "ack-ok"))?.status).toBe("cancelled");
  });

  it("does not fall back to the cluster-level call for a task the cloud does not know", async () => {
    // The legacy call acts on whatever upgrade the cluster has now, not the task that was read.
    const { s, target, ctx } = await setup();
    s.at(10 * MIN);
    const mark = s.sim.requests.length;
    const error = await ackUpgradeAction(
      target("ack-pause"),
      ctx,
      "resume",
      "T-unknown-task",
    ).catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 404, code: "ErrorTaskNotFound" });
    expect(s.since(mark).map((r) => [r.operation, r.status, r.mutated])).toEqual([
      ["ResumeTask", 404, false],
    ]);
    expect(s.sim.upgradeState(ackTask(s, "ack-pause"))?.status).toBe("paused");
  });

  it("falls back to the deprecated cluster-level call only when the task API is not served", async () => {
    const scenario = withAckShapes(actionsScenario(), "ack-pause", { taskActionsNotServed: true });
    const { s, target, ctx } = await setup({ scenario });
    s.at(10 * MIN);
    const taskId = s.find(await s.poll(10 * MIN), "Upgrade Paused", "ack-pause").upgrade?.id;
    const mark = s.sim.requests.length;
    const done = await ackUpgradeAction(target("ack-pause"), ctx, "resume", taskId ?? "");
    expect(done).toMatchObject({ operation: "ResumeUpgradeCluster", legacy: true });
    expect(s.since(mark).map((r) => [r.operation, r.status, r.errorCode, r.mutated])).toEqual([
      ["ResumeTask", 404, "InvalidApi.NotFound", false],
      ["ResumeUpgradeCluster", 200, null, true],
    ]);
    expect(s.sim.upgradeState(ackTask(s, "ack-pause"))?.status).toBe("running");
  });

  it("goes straight to the legacy call for an upgrade with no task id", async () => {
    const { s, target, ctx } = await setup();
    s.at(10 * MIN);
    const mark = s.sim.requests.length;
    const done = await ackUpgradeAction(target("ack-pause"), ctx, "cancel", null);
    expect(done).toMatchObject({ operation: "CancelClusterUpgrade", legacy: true });
    expect(s.since(mark).map((r) => r.operation)).toEqual(["CancelClusterUpgrade"]);
  });

  it("does not fall back when the cloud refuses: a refusal is an answer", async () => {
    const { s, target, ctx } = await setup();
    s.at(4 * MIN);
    const mark = s.sim.requests.length;
    const error = await ackUpgradeAction(target("ack-ok"), ctx, "resume", null).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ kind: "client", status: 400, code: "BadRequest" });
    expect(s.since(mark).map((r) => r.operation)).toEqual(["ResumeUpgradeCluster"]);
  });
});

describe("CCE actions", () => {
  it("invents no continue for Autopilot: it throws before sending anything", async () => {
    const { s, target, ctx } = await setup();
    const mark = s.sim.requests.length;
    await expect(continueCceUpgrade(target("ap-pause"), ctx)).rejects.toBeInstanceOf(
      UnsupportedActionError,
    );
    expect(s.since(mark)).toEqual([]);
  });

  it("surfaces the cloud's refusal of a cancel while the workflow runs", async () => {
    const { s, target, ctx } = await setup();
    s.at(4 * MIN);
    const error = await cancelCceWorkflow(target("cce-fail"), ctx, "unused").catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ kind: "client", status: 404, code: "CCE.01404001" });
    const events = await s.poll(5 * MIN);
    const workflowId = s.find(events, "Upgrade Started", "cce-fail").upgrade?.workflowId;
    const refused = await cancelCceWorkflow(target("cce-fail"), ctx, workflowId ?? "").catch(
      (e: unknown) => e,
    );
    expect(refused).toMatchObject({
      kind: "client",
      status: 400,
      code: "CCE.01400001",
      providerMessage: expect.stringContaining("Running"),
    });
  });

  it("reports a CreatePostCheck answer it cannot read as a parse error with the raw body", async () => {
    const { s, target, ctx } = await setup({
      faults: [{ kind: "malformed", operation: "CreatePostCheck" }],
    });
    s.at(8 * MIN);
    const error = await createPostCheck(target("cce-ok"), ctx, {
      fromVersion: "v1.28.3-r0",
      toVersion: "v1.29.1-r0",
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ kind: "parse", operation: "CreatePostCheck" });
    expect((error as ProviderError).rawBody).toMatch(/^\{"kind":"PostCheckTask"/);
  });
});
