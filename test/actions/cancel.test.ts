import { afterEach, describe, expect, it } from "vitest";
import { ACK_FAILED_IS_OVER } from "../../shared/actions/judgeCancel.ts";
import { runCancel } from "../../shared/actions/runCancel.ts";
import { ProviderError } from "../../shared/client/index.ts";
import { ConfigError } from "../../shared/errors.ts";
import {
  autoActionsSuspendedId,
  CancelDueDetailSchema,
  outcomeEventId,
  ShepherdEventSchema,
} from "../../shared/events/index.ts";
import { readSnapshot } from "../../shared/providers/read.ts";
import {
  actionStackPolledAt,
  closeActionStacks,
  MIN,
  onlyEvent,
  writes,
} from "../helpers/action-stack.ts";
import { actionsScenario, REVOKED, withAckShapes } from "../helpers/actions-scenario.ts";
import { holdWritesUntil } from "../helpers/held-writes-client.ts";

// cancel-on-failure's core against the simulator: the Cancel Due comes from the real poller
// core reading the simulator at T = 10m, and every assertion about the cloud is on the
// simulator's own request log.
afterEach(closeActionStacks);

const setup = (options: Parameters<typeof actionStackPolledAt>[1] = {}) =>
  actionStackPolledAt(10, options);

const only = onlyEvent;

describe("cancel-on-failure", () => {
  it("cancels a failed CCE upgrade with one PATCH of its workflow, after a fresh read", async () => {
    const { s, events } = await setup();
    const due = s.due(events, "Cancel Due", "cce-fail");
    const mark = s.sim.requests.length;

    const event = only(await runCancel(due, s.deps("cce-fail")));

    expect(event).toMatchObject({
      detailType: "Action Succeeded",
      detail: {
        id: outcomeEventId(due.id, "Action Succeeded"),
        severity: "info",
        action: "cancel",
        dueEventId: due.id,
        alreadyDone: false,
        dryRun: false,
        requestId: expect.stringMatching(/^[0-9a-f]{32}$/),
        message: expect.stringContaining("Cancel"),
        upgrade: { id: due.upgrade.id, phase: "failed" },
      },
    });
    const sent = s.since(mark);
    expect(sent.map((r) => `${r.method} ${r.operation}`)).toEqual([
      "GET ListUpgradeClusterTasks",
      "GET ListUpgradeWorkFlows",
      "PATCH UpgradeWorkFlowUpdate",
    ]);
    expect(sent[2]).toMatchObject({ status: 200, mutated: true, clusterId: due.cluster.clusterId });
    expect(sent[2]?.path).toContain(`/upgradeworkflows/${due.upgrade.workflowId}`);

    const next = await s.poll(15 * MIN);
    const mine = next.filter((e) => "cluster" in e.detail && e.detail.cluster.name === "cce-fail");
    expect(mine.map((e) => e.detailType)).toEqual(["Upgrade Cancelled"]);
  });

  it("cancels a failed Autopilot upgrade through the Autopilot path", async () => {
    const { s, events } = await setup();
    const due = s.due(events, "Cancel Due", "ap-fail");
    const mark = s.sim.requests.length;
    const event = only(await runCancel(due, s.deps("ap-fail")));
    expect(event.detailType).toBe("Action Succeeded");
    const patch = writes(s.since(mark));
    expect(patch).toHaveLength(1);
    expect(patch[0]).toMatchObject({ operation: "UpgradeWorkFlowUpdate", mutated: true });
    expect(patch[0]?.path).toMatch(/^\/autopilot\/v3\/projects\/.+\/upgradeworkflows\//);
    expect(s.sim.upgradeState(due.cluster.clusterId)?.workflowCancelledAt).not.toBeNull();
  });

  it("has no Cancel Due for a failed ACK task; a replayed one is refused and nothing is sent", async () => {
    const { s, events } = await setup();
    const failed = s.find(events, "Upgrade Failed", "ack-fail");
    expect(failed.upgrade).toMatchObject({ source: "ack-task", phase: "failed", rawPhase: "fail" });
    expect(() => s.due(events, "Cancel Due", "ack-fail")).toThrow(/no Cancel Due/);
    const template = s.due(events, "Cancel Due", "cce-fail");
    const due = CancelDueDetailSchema.parse({
      ...template,
      cluster: failed.cluster,
      consoleUrl: failed.consoleUrl,
      upgrade: failed.upgrade,
    });
    const mark = s.sim.requests.length;
    const event = only(await runCancel(due, s.deps("ack-fail")));
    expect(event.detail).toMatchObject({
      reason: "precondition",
      severity: "warning",
      message: ACK_FAILED_IS_OVER,
    });
    expect(writes(s.since(mark))).toEqual([]);

    // And the simulated cloud refuses it too, as no source shows it accepted.
    const refused = await s.client
      .request({
        cloud: "alibaba",
        operation: "CancelTask",
        method: "POST",
        endpoint: s.sim.url,
        path: `/tasks/${failed.upgrade?.id}/cancel`,
        credentials: s.shepherd.credentials.get(s.cluster("ack-fail").credentials),
      })
      .catch((e: unknown) => e);
    expect(refused).toMatchObject({ status: 400, code: "BadRequest", kind: "client" });
    expect(s.sim.upgradeState(due.cluster.clusterId)?.status).toBe("failed");
  });

  it("skips for policy, reading nothing, unless both the poll's and today's config say cancel", async () => {
    const { s, events } = await setup({ defaults: { onFailure: "alert-only" } });
    const due = s.due(events, "Cancel Due", "cce-fail");
    expect(due.policy.cancel).toBe("alert-only");
    const mark = s.sim.requests.length;
    const event = only(await runCancel(due, s.deps("cce-fail")));
    expect(event).toMatchObject({
      detailType: "Action Skipped",
      detail: { reason: "policy", severity: "debug", dryRun: false },
    });
    // The config now says cancel, but the poll saw alert-only: still no.
    const now = s.cluster("cce-fail");
    const turnedOn = { ...now, policy: { ...now.policy, onFailure: "cancel" as const } };
    const again = only(await runCancel(due, s.deps("cce-fail", { cluster: turnedOn })));
    expect(again.detail).toMatchObject({ reason: "policy" });
    expect(s.since(mark)).toEqual([]);
  });

  it("skips for policy when the cluster has left the inventory", async () => {
    const { s, events } = await setup();
    const due = s.due(events, "Cancel Due", "cce-fail");
    const event = only(await runCancel(due, s.deps("cce-fail", { cluster: undefined })));
    expect(event.detail).toMatchObject({
      reason: "policy",
      message: expect.stringContaining("no longer in the inventory"),
    });
  });

  it("skips with state-changed when the upgrade was retried between the poll and the action", async () => {
    const { s, events } = await setup();
    const due = s.due(events, "Cancel Due", "cce-fail");
    await s.client.request({
      cloud: "huawei",
      operation: "RetryUpgradeClusterTask",
      method: "POST",
      endpoint: s.sim.url,
      path: `/api/v3/projects/${due.cluster.projectId}/clusters/${due.cluster.clusterId}/operation/upgrade/retry`,
      credentials: s.shepherd.credentials.get(s.cluster("cce-fail").credentials),
      projectId: due.cluster.projectId,
    });
    const mark = s.sim.requests.length;
    const event = only(await runCancel(due, s.deps("cce-fail")));
    expect(event.detail).toMatchObject({
      reason: "state-changed",
      severity: "debug",
      upgrade: { phase: "running" },
    });
    expect(writes(s.since(mark))).toEqual([]);
  });

  it("skips with already-done when someone cancelled it first", async () => {
    const { s, events } = await setup();
    const due = s.due(events, "Cancel Due", "ap-fail");
    await runCancel(due, s.deps("ap-fail"));
    const mark = s.sim.requests.length;
    const event = only(await runCancel(due, s.deps("ap-fail")));
    expect(event.detail).toMatchObject({
      reason: "already-done",
      severity: "debug",
      upgrade: { phase: "cancelled" },
    });
    expect(writes(s.since(mark))).toEqual([]);
  });

  it("counts the cloud's refusal of a cancel a concurrent delivery already made as done", async () => {
    const { s, events } = await setup();
    const due = s.due(events, "Cancel Due", "cce-fail");
    const client = holdWritesUntil(s.client, 2);
    const mark = s.sim.requests.length;
    const results = await Promise.all([
      runCancel(due, s.deps("cce-fail", { client })),
      runCancel(due, s.deps("cce-fail", { client })),
    ]);
    const both = results.map(only);
    expect(
      both.map((e) => [e.detailType, (e.detail as { alreadyDone: boolean }).alreadyDone]),
    ).toEqual([
      ["Action Succeeded", false],
      ["Action Succeeded", true],
    ]);
    // Same due event, same outcome id: receivers keep one.
    expect(both[0]?.detail.id).toBe(both[1]?.detail.id);
    expect(both[1]?.detail).toMatchObject({ message: expect.stringContaining("CCE.01400001") });
    const patches = writes(s.since(mark));
    expect(patches.map((r) => [r.status, r.mutated])).toEqual([
      [200, true],
      [400, false],
    ]);
  });

  it("reports precondition (warning) for a failure seen only through legacy GetUpgradeStatus", async () => {
    // The poller never emits this (a failed ACK upgrade is over); one replayed or made by hand
    // must still be refused on the fresh read.
    const scenario = withAckShapes(actionsScenario(), "ack-fail", { legacyOnly: true });
    const { s, events } = await setup({ scenario });
    const target = s.cluster("ack-fail");
    const legacy = await readSnapshot(
      {
        cluster: target.ref,
        endpoint: target.endpoint,
        credentials: s.shepherd.credentials.get(target.credentials),
      },
      { client: s.client, now: () => s.clock.now() },
    );
    expect(legacy.upgrade).toMatchObject({ source: "ack-upgrade-status", phase: "failed" });
    const anyDue = s.due(events, "Cancel Due", "cce-fail");
    const due = CancelDueDetailSchema.parse({
      ...anyDue,
      cluster: target.ref,
      consoleUrl: anyDue.consoleUrl,
      upgrade: legacy.upgrade,
    });
    const mark = s.sim.requests.length;
    const event = only(await runCancel(due, s.deps("ack-fail")));
    expect(event.detail).toMatchObject({
      reason: "precondition",
      severity: "warning",
      message: ACK_FAILED_IS_OVER,
    });
    expect(writes(s.since(mark))).toEqual([]);
  });

  it("throws a 5xx on the PATCH, which the cloud did not act on, and a retried invocation cancels", async () => {
    const { s, events } = await setup({
      faults: [{ kind: "serverError", status: 500, operation: "UpgradeWorkFlowUpdate", count: 1 }],
    });
    const due = s.due(events, "Cancel Due", "cce-fail");
    const error = await runCancel(due, s.deps("cce-fail")).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({
      kind: "server",
      status: 500,
      operation: "UpgradeWorkFlowUpdate",
    });

    const retried = only(await runCancel(due, s.deps("cce-fail")));
    expect(retried).toMatchObject({
      detailType: "Action Succeeded",
      detail: { alreadyDone: false },
    });
    const patches = s.sim.requests.filter((r) => r.operation === "UpgradeWorkFlowUpdate");
    expect(patches.map((r) => [r.status, r.fault, r.mutated])).toEqual([
      [500, "serverError", false],
      [200, null, true],
    ]);
  });

  it("reports an authentication failure as Action Failed after exactly one request", async () => {
    const { s, events } = await setup();
    const due = s.due(events, "Cancel Due", "cce-fail");
    const mark = s.sim.requests.length;
    const event = only(
      await runCancel(due, s.deps("cce-fail", { credentials: { get: () => REVOKED } })),
    );
    expect(event).toMatchObject({
      detailType: "Action Failed",
      detail: { error: { kind: "auth", code: "APIG.0301" } },
    });
    expect(s.since(mark)).toHaveLength(1);
    expect(s.sim.isHuaweiKeyLocked(REVOKED.ak)).toBe(false);
  });

  it("reports a credential set that could not be loaded as Action Failed, sending nothing", async () => {
    const { s, events } = await setup();
    const due = s.due(events, "Cancel Due", "ap-fail");
    const missing = new ConfigError("credentials", 'credential set "gone" was not loaded');
    const mark = s.sim.requests.length;
    const event = only(
      await runCancel(
        due,
        s.deps("ap-fail", {
          credentials: {
            get: () => {
              throw missing;
            },
          },
        }),
      ),
    );
    expect(event.detail).toMatchObject({ error: { kind: "config", code: null } });
    expect(s.since(mark)).toEqual([]);
  });
});

describe("the blast-radius guard", () => {
  it("cancels none when a run's count is above the limit, and every invocation raises the same suspension", async () => {
    const { s, events } = await setup({ defaults: { blastRadiusLimit: 1 } });
    // Two are due: a failed ACK upgrade is never due for cancel.
    const dues = (["cce-fail", "ap-fail"] as const).map((n) => s.due(events, "Cancel Due", n));
    expect(dues.map((d) => d.clustersDueForCancel)).toEqual([2, 2]);
    const mark = s.sim.requests.length;

    const results = await Promise.all(
      dues.map((due) => runCancel(due, s.deps(due.cluster.name ?? ""))),
    );

    const t = dues[0]?.window.t ?? "";
    for (const [i, result] of results.entries()) {
      const [skipped, suspended] = result.events.map((e) => ShepherdEventSchema.parse(e));
      expect(skipped).toMatchObject({
        detailType: "Action Skipped",
        detail: {
          reason: "blast-radius",
          severity: "warning",
          cluster: { name: dues[i]?.cluster.name },
          message: expect.stringContaining("2 clusters"),
        },
      });
      expect(suspended).toEqual({
        detailType: "Auto Actions Suspended",
        time: t,
        detail: {
          id: autoActionsSuspendedId(t, "cancel", null),
          severity: "critical",
          window: dues[0]?.window,
          action: "cancel",
          clustersDueForCancel: 2,
          limit: 1,
          shard: null,
        },
      });
    }
    // The guard acts before any read: nothing at all reached the cloud, let alone a cancel.
    expect(s.since(mark)).toEqual([]);
    expect(s.sim.requests.filter((r) => r.mutated || r.method !== "GET")).toEqual([]);
  });

  it("lets a run at exactly the limit cancel", async () => {
    const { s, events } = await setup({ defaults: { blastRadiusLimit: 2 } });
    const due = s.due(events, "Cancel Due", "cce-fail");
    const event = only(await runCancel(due, s.deps("cce-fail")));
    expect(event.detailType).toBe("Action Succeeded");
  });
});
