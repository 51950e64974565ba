import { describe, expect, it } from "vitest";
import { decide } from "../../shared/decide/decide.ts";
import { cancellable, terminalAt } from "../../shared/decide/upgradeTimes.ts";
import { windowFor } from "../../shared/decide/windowFor.ts";
import { ProviderError } from "../../shared/errors.ts";
import { mapCceCluster, mapCceUpgrade } from "../../shared/providers/cceMap.ts";
import {
  CceClusterSchema,
  CceTaskListSchema,
  CceTaskSchema,
  CceWorkflowListSchema,
  CceWorkflowSchema,
} from "../../shared/providers/cceSchema.ts";
import { upgradeApiRefused } from "../../shared/providers/cceUpgradeApiRefused.ts";
import { parseBody } from "../../shared/providers/parse.ts";
import { fixture, type Json } from "../helpers/demo-harness.ts";
import { CCE, POLICY, snapshot } from "../helpers/upgrades.ts";

// CCE and Autopilot answers as documented (seed 001's workflow, seed 002's task list, the
// ShowUpgradeClusterTask example) and in the forms the docs leave open, through the real
// schemas, mappings and decide rules.
const seedWorkflow = (): Json => structuredClone(fixture("cce/UpgradeWorkFlowUpdate.json"));
const taskFixture = fixture("cce/ShowUpgradeClusterTask.json") as Json;
const CLUSTER_TASK_ID = "6d799ff6-3afe-4242-80b4-6f0a0fa746cb"; // seed 001's Cluster point taskID

/** The documented task, failed, joined to seed 001's workflow by the Cluster point's taskID. */
const failedTask = (phase = "Failed") =>
  CceTaskSchema.parse({
    ...taskFixture,
    metadata: { ...taskFixture.metadata, uid: CLUSTER_TASK_ID },
    status: { ...taskFixture.status, phase },
  });

/** Seed 001's workflow as it stood before the cancel: Pending (a task failed). */
function pendingWorkflow(edit: (wf: Json) => void = () => {}) {
  const wf = seedWorkflow();
  wf.status.phase = "Pending";
  edit(wf);
  return CceWorkflowSchema.parse(wf);
}

describe("lineStatuses[].critical: a cancel waits until the key path has run (seed 001 Table 10)", () => {
  it("cancels seed 001's own workflow, whose lines carry no critical flag", () => {
    const upgrade = mapCceUpgrade(failedTask(), pendingWorkflow());
    expect(upgrade.criticalLines).toBeUndefined();
    expect(cancellable(upgrade)).toBe(true);
  });

  it("cancels once the critical PreCheck -> Cluster line has run (the Cluster step Failed)", () => {
    const wf = pendingWorkflow((w) => {
      w.status.lineStatuses[0].critical = "true";
    });
    const upgrade = mapCceUpgrade(failedTask(), wf);
    expect(upgrade.criticalLines).toEqual([{ from: "PreCheck", to: "Cluster" }]);
    expect(cancellable(upgrade)).toBe(true);
  });

  it("holds the cancel while a critical line's end step has not run", () => {
    const toPostCheck = pendingWorkflow((w) => {
      w.status.lineStatuses[1].critical = "true"; // Cluster -> PostCheck; PostCheck has no status
    });
    expect(cancellable(mapCceUpgrade(failedTask(), toPostCheck))).toBe(false);

    const clusterNotRun = pendingWorkflow((w) => {
      w.status.lineStatuses[0].critical = "True";
      w.status.pointStatuses[2] = { taskType: "Cluster" };
    });
    expect(cancellable(mapCceUpgrade(failedTask(), clusterNotRun))).toBe(false);
  });

  it("reads critical `false`, empty or absent as no key path, and a boolean or an unknown word as one", () => {
    for (const critical of ["false", "FALSE", "", "0", false, null]) {
      const wf = pendingWorkflow((w) => {
        w.status.lineStatuses[1].critical = critical;
      });
      expect(cancellable(mapCceUpgrade(failedTask(), wf))).toBe(true);
    }
    for (const critical of [true, "yes"]) {
      const wf = pendingWorkflow((w) => {
        w.status.lineStatuses[1].critical = critical;
      });
      expect(cancellable(mapCceUpgrade(failedTask(), wf))).toBe(false);
    }
  });

  it("lets only documented workflow phases and step statuses allow a cancel", () => {
    const init = pendingWorkflow((w) => {
      w.status.phase = "Init";
    });
    expect(cancellable(mapCceUpgrade(failedTask(), init))).toBe(true);
    const rollingBack = pendingWorkflow((w) => {
      w.status.phase = "RollingBack";
    });
    expect(cancellable(mapCceUpgrade(failedTask(), rollingBack))).toBe(false);
    const oddStep = pendingWorkflow((w) => {
      w.status.pointStatuses[3] = { taskType: "PostCheck", status: "Skipped" };
    });
    expect(cancellable(mapCceUpgrade(failedTask(), oddStep))).toBe(false);
  });
});

describe("the cancel's time (seed 001's answer to the cancel)", () => {
  // The seed's own body: workflow updateTimestamp 07:49:30, Cluster step Failed at 07:58:35.
  const task = failedTask();
  const cancelled = mapCceUpgrade(task, CceWorkflowSchema.parse(seedWorkflow()));

  it("is the latest time the upgrade reports, never the workflow's older updateTimestamp", () => {
    expect(cancelled.phase).toBe("cancelled");
    expect(cancelled.finishedAt).toBe("2023-11-25T07:58:35.507Z");
    expect(terminalAt(cancelled)).toEqual({
      at: Date.parse("2023-11-25T07:58:35.507Z"),
      from: "finishedAt",
    });
  });

  it("is never dated before a step time, even on an upgrade built without the adapter", () => {
    const stale = { ...cancelled, finishedAt: "2023-11-25T07:49:30.281Z" };
    expect(terminalAt(stale)?.at).toBe(Date.parse("2023-11-25T07:58:35.507Z"));
  });

  it("announces Upgrade Cancelled in the run whose window holds it", () => {
    // T = 08:05: W = (07:58, 08:03] holds 07:58:35, the failure the cancel followed.
    const T = new Date("2023-11-25T08:05:00Z");
    const events = decide(
      snapshot(CCE, cancelled, T.getTime()),
      windowFor(T, 300_000, 120_000),
      POLICY,
    );
    const cancel = events.find((e) => e.detailType === "Upgrade Cancelled");
    expect(cancel?.detail).toMatchObject({
      trigger: { kind: "transition", at: "2023-11-25T07:58:35.507Z", from: "finishedAt" },
    });
    // T = 07:55: W = (07:48, 07:53] holds the stale 07:49:30, from before the failure.
    const before = new Date("2023-11-25T07:55:00Z");
    const early = decide(
      snapshot(CCE, cancelled, before.getTime()),
      windowFor(before, 300_000, 120_000),
      POLICY,
    );
    expect(early.map((e) => e.detailType)).not.toContain("Upgrade Cancelled");
  });
});

describe("undocumented answers never fail a read", () => {
  it("reads an undocumented task phase as unknown, and keeps undocumented workflow and step values raw", () => {
    const wf = pendingWorkflow((w) => {
      w.status.phase = "Rollback";
      w.status.pointStatuses[2].status = "RollingBack";
    });
    const upgrade = mapCceUpgrade(failedTask("Rollbacking"), wf);
    expect(upgrade).toMatchObject({
      phase: "unknown",
      rawPhase: "Rollbacking",
      finishedAt: null,
      workflowPhase: "Rollback",
    });
    expect(upgrade.steps.find((s) => s.name === "Cluster")?.status).toBe("RollingBack");
    expect(cancellable(upgrade)).toBe(false);
  });

  it.each([
    ["null", null, 0],
    ["absent", undefined, 0],
    ["an empty object", {}, 0],
  ])("reads items as %s: no task", (_, items, n) => {
    const body = { ...(fixture("cce/ListUpgradeClusterTasks.json") as Json), items };
    expect(CceTaskListSchema.parse(body).items).toHaveLength(n);
  });

  it("reads a single task object for items, as one task", () => {
    const list = fixture("cce/ListUpgradeClusterTasks.json") as Json;
    const parsed = CceTaskListSchema.parse({ ...list, items: list.items[1] });
    expect(parsed.items.map((t) => t.metadata.uid)).toEqual([
      "91755b96-5fd8-4a6a-bda1-983de9055996",
    ]);
  });

  it("reads the workflow list's items as one object (the Go SDK's ListUpgradeWorkFlowsResponse.Items)", () => {
    const wf = seedWorkflow();
    const single = CceWorkflowListSchema.parse({ kind: "List", apiVersion: "v3", items: wf });
    const many = CceWorkflowListSchema.parse({ kind: "List", apiVersion: "v3", items: [wf] });
    expect(single).toEqual(many);
    expect(single.items[0]?.metadata.uid).toBe("c271e39e-1a6e-4d3d-8fa8-2a36329c68d1");
  });

  it("reads pointStatuses and lineStatuses as null or as a single object", () => {
    const wf = seedWorkflow();
    const nulls = CceWorkflowSchema.parse({
      ...wf,
      status: { phase: "Pending", pointStatuses: null, lineStatuses: null },
    });
    expect(nulls.status.pointStatuses).toEqual([]);
    expect(nulls.status.lineStatuses).toEqual([]);
    const single = CceWorkflowSchema.parse({
      ...wf,
      status: {
        phase: "Pending",
        pointStatuses: wf.status.pointStatuses[2],
        lineStatuses: { ...wf.status.lineStatuses[0], critical: "true" },
      },
    });
    const upgrade = mapCceUpgrade(failedTask(), single);
    expect(upgrade.steps.map((s) => [s.name, s.status])).toEqual([["Cluster", "Failed"]]);
    expect(upgrade.criticalLines).toEqual([{ from: "PreCheck", to: "Cluster" }]);
  });

  it.each([
    ["0.00", 0],
    ["45.5", 45.5],
    ["45%", 45],
    [45, 45],
    ["", null],
    [null, null],
    ["n/a", null],
  ])("reads progress %j as %j", (progress, expected) => {
    const task = CceTaskSchema.parse({
      ...taskFixture,
      status: { ...taskFixture.status, phase: "Running", progress },
    });
    expect(mapCceUpgrade(task, undefined).progress).toBe(expected);
  });

  it("still refuses a truly unreadable body, as a parse error carrying the raw body", () => {
    const raw = '{"items":[{"metadata":{"creationTimestamp":"x"}}]}';
    const call = () =>
      parseBody(
        CceTaskListSchema,
        { status: 200, headers: {}, body: JSON.parse(raw), raw, requestId: "r1", attempts: 1 },
        "huawei",
        "ListUpgradeClusterTasks",
      );
    expect(call).toThrow(ProviderError);
    try {
      call();
    } catch (error) {
      expect(error).toMatchObject({ kind: "parse", rawBody: raw, requestId: "r1" });
      expect((error as ProviderError).message).toMatch(/items\.0\.metadata\.uid/);
    }
  });
});

describe("ShowCluster, for an account without the upgrade APIs", () => {
  const ref = { ...CCE, clusterId: "b4b9e60f-8aa2-11ee-af09-0255ac10004f" };
  // No documented example body: built from go-sdk ShowClusterResponse (ClusterSpec.version,
  // ClusterStatus.phase|reason|message), with the phases its ClusterStatus comment lists.
  const body = (phase: string, version = "v1.28.3-r0") =>
    CceClusterSchema.parse({
      kind: "Cluster",
      apiVersion: "v3",
      metadata: { uid: ref.clusterId, name: "prod-a" },
      spec: { version },
      status: { phase, ...(phase === "Available" ? {} : { reason: "upgrading cluster" }) },
    });

  it("reads Upgrading as a running upgrade with no id of its own, no times and no steps", () => {
    expect(mapCceCluster(ref, body("Upgrading"))).toEqual({
      id: "cluster:b4b9e60f-8aa2-11ee-af09-0255ac10004f",
      phase: "running",
      rawPhase: "Upgrading",
      progress: null,
      fromVersion: "v1.28.3-r0",
      toVersion: null,
      createdAt: null,
      finishedAt: null,
      updatedAt: null,
      steps: [],
      message: "upgrading cluster",
      source: "cce-cluster",
      workflowId: null,
      workflowPhase: null,
    });
  });

  it.each(["Available", "Error", "RollingBack", "Hibernation", "SomethingNew"])(
    "reads %s as no upgrade",
    (phase) => {
      expect(mapCceCluster(ref, body(phase))).toBeNull();
    },
  );

  it("never makes a ShowCluster-only upgrade cancellable", () => {
    const upgrade = mapCceCluster(ref, body("Upgrading"));
    expect(upgrade && cancellable({ ...upgrade, phase: "failed" })).toBe(false);
  });
});

describe("which refusal means the upgrade APIs are not opened (ASSUMPTION, docs/cloud-apis.md)", () => {
  const refusal = (status: number, code?: string, cloud: "huawei" | "alibaba" = "huawei") =>
    new ProviderError({
      cloud,
      operation: "ListUpgradeClusterTasks",
      kind: status === 401 ? "auth" : status === 403 ? "permission" : "client",
      status,
      code,
    });

  it("is a 404 with any code, or a 403 that is not the key's own refusal", () => {
    expect(upgradeApiRefused(refusal(404, "APIG.0101"))).toBe(true);
    expect(upgradeApiRefused(refusal(404, "CCE.01404001"))).toBe(true);
    expect(upgradeApiRefused(refusal(403, "CCE.01403001"))).toBe(true);
    expect(upgradeApiRefused(refusal(403))).toBe(true);
    // Judged on status and code, whatever kind the client gave it (today every 403 is `auth`).
    const asAuth = new ProviderError({
      cloud: "huawei",
      operation: "ListUpgradeWorkFlows",
      kind: "auth",
      status: 403,
      code: "CCE.01403001",
    });
    expect(upgradeApiRefused(asAuth)).toBe(true);
  });

  it("is never a refused key, throttling, a server error, or another cloud", () => {
    expect(upgradeApiRefused(refusal(401, "APIG.0301"))).toBe(false);
    expect(upgradeApiRefused(refusal(403, "APIG.0301"))).toBe(false);
    expect(upgradeApiRefused(refusal(403, "APIGW.0305"))).toBe(false);
    expect(upgradeApiRefused(refusal(429, "APIG.0308"))).toBe(false);
    expect(upgradeApiRefused(refusal(500, "CCE.01500001"))).toBe(false);
    expect(upgradeApiRefused(refusal(400, "CCE.01400001"))).toBe(false);
    expect(upgradeApiRefused(refusal(404, "ErrorClusterNotFound", "alibaba"))).toBe(false);
    expect(upgradeApiRefused(new Error("boom"))).toBe(false);
  });
});
