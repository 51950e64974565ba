import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ScenarioError } from "../../infra/local/simulator/errors.ts";
import { loadScenario, parseScenario } from "../../infra/local/simulator/loadScenario.ts";
import {
  type CceVariety,
  CceVarietySchema,
  type ScenarioCluster,
} from "../../infra/local/simulator/scenarioSchema.ts";
import { ProviderError } from "../../shared/client/index.ts";
import {
  fixture,
  type Harness,
  HUAWEI_TIME,
  type Json,
  MIN,
  shapeOf,
  startDemo,
} from "../helpers/demo-harness.ts";

let h: Harness;
beforeEach(async () => {
  h = await startDemo();
});
afterEach(async () => {
  await h.sim.close();
});

const body = async (p: Promise<{ body: unknown }>) => (await p).body as Record<string, Json>;
const providerError = async (p: Promise<unknown>): Promise<ProviderError> => {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(ProviderError);
  return e as ProviderError;
};

describe("CCE reads, through our signed client", () => {
  it("lists no upgrade task before the upgrade, then the running task in the documented shape", async () => {
    const before = await body(
      h.cce("cce-success", "ListUpgradeClusterTasks", "GET", "/operation/upgrade/tasks"),
    );
    expect(before).toEqual({ kind: "List", apiVersion: "v3", metadata: {}, items: [] });

    h.at(14.5 * MIN); // 7.5 of 15 upgrade minutes
    const list = await body(
      h.cce("cce-success", "ListUpgradeClusterTasks", "GET", "/operation/upgrade/tasks"),
    );
    const task = list.items[0];
    expect(shapeOf(task)).toEqual(shapeOf(fixture("cce/ShowUpgradeClusterTask.json")));
    expect(task.status.phase).toBe("Running");
    expect(task.status.progress).toBe("50.00");
    expect(task.spec).toEqual({ version: "v1.28.3-r0", targetVersion: "v1.29.1-r0" });
    expect(task.metadata.creationTimestamp).toMatch(/^2025-01-15 10:07:00\.\d+ \+0800 CST$/);
    expect(task.metadata.updateTimestamp).toMatch(HUAWEI_TIME);
  });

  it("shows one task by its uid, and 404s an unknown one with CCE's error body", async () => {
    h.at(30 * MIN);
    const list = await body(
      h.cce("cce-success", "ListUpgradeClusterTasks", "GET", "/operation/upgrade/tasks"),
    );
    const uid = list.items[0].metadata.uid as string;
    const task = await body(
      h.cce("cce-success", "ShowUpgradeClusterTask", "GET", `/operation/upgrade/tasks/${uid}`),
    );
    expect(task.status.phase).toBe("Success");
    expect(task.status.progress).toBe("100.00");
    expect(task.status.completionTime).toMatch(/^2025-01-15 10:22:00\.\d+ \+0800 CST$/);

    const err = await providerError(
      h.cce("cce-success", "ShowUpgradeClusterTask", "GET", "/operation/upgrade/tasks/nope"),
    );
    expect(err.status).toBe(404);
    expect(h.sim.requests.at(-1)).toMatchObject({ status: 404, errorCode: "CCE.01404001" });
  });

  it("lists and shows the workflow with its pointStatuses, joined to the task by taskID", async () => {
    h.at(10 * MIN);
    const list = await body(
      h.cce("cce-success", "ListUpgradeWorkFlows", "GET", "/operation/upgradeworkflows"),
    );
    expect(list.kind).toBe("List");
    const wf = list.items[0];
    expect(shapeOf(wf.metadata)).toEqual(
      shapeOf((fixture("cce/UpgradeWorkFlowUpdate.json") as Json).metadata),
    );
    expect(wf.status.phase).toBe("Running");
    expect(wf.status.pointStatuses.map((p: Json) => [p.taskType, p.status])).toEqual([
      ["PreCheck", "Success"],
      ["Snapshot", "Success"],
      ["Cluster", "Running"],
      ["PostCheck", undefined],
    ]);
    expect(wf.metadata.creationTimestamp).toMatch(/\+0000 UTC$/);
    const shown = await body(
      h.cce(
        "cce-success",
        "ShowUpgradeWorkFlow",
        "GET",
        `/operation/upgradeworkflows/${wf.metadata.uid}`,
      ),
    );
    const tasks = await body(
      h.cce("cce-success", "ListUpgradeClusterTasks", "GET", "/operation/upgrade/tasks"),
    );
    expect(shown.status.pointStatuses[2].taskID).toBe(tasks.items[0].metadata.uid);
  });

  it("shows the cluster Upgrading during the upgrade and on the new version after it", async () => {
    h.at(10 * MIN);
    const during = await body(h.cce("cce-success", "ShowCluster", "GET", ""));
    expect(during.status.phase).toBe("Upgrading");
    expect(during.spec.version).toBe("v1.28.3-r0");
    h.at(40 * MIN);
    const after = await body(h.cce("cce-success", "ShowCluster", "GET", ""));
    expect(after.status.phase).toBe("Available");
    expect(after.spec.version).toBe("v1.29.1-r0");
  });

  it("serves the Autopilot family under /autopilot/v3 and refuses CCE-only continue there", async () => {
    h.at(5 * MIN);
    const wf = await body(
      h.cce("autopilot-fail", "ListUpgradeWorkFlows", "GET", "/operation/upgradeworkflows"),
    );
    expect(wf.items[0].status.pointStatuses[0]).toMatchObject({
      taskType: "PreCheck",
      status: "Running",
    });
    const err = await providerError(
      h.cce("autopilot-fail", "ContinueUpgradeClusterTask", "POST", "/operation/upgrade/continue"),
    );
    expect(err.status).toBe(404);
    expect(err.code).toBe("APIG.0101");
  });
});

describe("CCE actions change state as the cloud would", () => {
  const failed = 20 * MIN;

  it("refuses to cancel a running workflow, cancels a failed one, then refuses again", async () => {
    h.at(10 * MIN);
    const running = await body(
      h.cce("autopilot-fail", "ListUpgradeWorkFlows", "GET", "/operation/upgradeworkflows"),
    );
    const id = running.items[0].metadata.uid as string;
    const cancel = { status: { phase: "Cancel" } };
    const refused = await providerError(
      h.cce(
        "autopilot-fail",
        "UpgradeWorkFlowUpdate",
        "PATCH",
        `/operation/upgradeworkflows/${id}`,
        cancel,
      ),
    );
    expect(refused.status).toBe(400);
    expect(h.sim.requests.at(-1)).toMatchObject({ errorCode: "CCE.01400001", mutated: false });

    h.at(failed);
    const tasks = await body(
      h.cce("autopilot-fail", "ListUpgradeClusterTasks", "GET", "/operation/upgrade/tasks"),
    );
    expect(tasks.items[0].status).toMatchObject({ phase: "Failed", progress: "60.00" });
    const pending = await body(
      h.cce("autopilot-fail", "ShowUpgradeWorkFlow", "GET", `/operation/upgradeworkflows/${id}`),
    );
    expect(pending.status.phase).toBe("Pending");

    const done = await body(
      h.cce(
        "autopilot-fail",
        "UpgradeWorkFlowUpdate",
        "PATCH",
        `/operation/upgradeworkflows/${id}`,
        cancel,
      ),
    );
    expect(done.status.phase).toBe("Cancel");
    // Seed 001 Table 10 documents `critical`, which its example leaves out.
    const documented = fixture("cce/UpgradeWorkFlowUpdate.json") as Json;
    documented.status.lineStatuses[0].critical = "true";
    expect(shapeOf(done)).toEqual(shapeOf(documented));
    expect(done.status.lineStatuses).toEqual([
      { startPoint: { taskType: "PreCheck" }, endPoint: { taskType: "Cluster" }, critical: "true" },
      { startPoint: { taskType: "Cluster" }, endPoint: { taskType: "PostCheck" } },
    ]);
    expect(h.sim.requests.at(-1)).toMatchObject({
      operation: "UpgradeWorkFlowUpdate",
      status: 200,
      mutated: true,
    });

    const again = await providerError(
      h.cce(
        "autopilot-fail",
        "UpgradeWorkFlowUpdate",
        "PATCH",
        `/operation/upgradeworkflows/${id}`,
        cancel,
      ),
    );
    expect(again.status).toBe(400);
  });

  it("rejects an update body other than the documented Cancel", async () => {
    h.at(failed);
    const wf = await body(
      h.cce("autopilot-fail", "ListUpgradeWorkFlows", "GET", "/operation/upgradeworkflows"),
    );
    const err = await providerError(
      h.cce(
        "autopilot-fail",
        "UpgradeWorkFlowUpdate",
        "PATCH",
        `/operation/upgradeworkflows/${wf.items[0].metadata.uid}`,
        {
          status: { phase: "Success" },
        },
      ),
    );
    expect(err.status).toBe(400);
  });

  it("retries a failed task, which then runs again and succeeds", async () => {
    h.at(failed);
    await h.cce("autopilot-fail", "RetryUpgradeClusterTask", "POST", "/operation/upgrade/retry");
    h.at(failed + MIN);
    const running = await body(
      h.cce("autopilot-fail", "ListUpgradeClusterTasks", "GET", "/operation/upgrade/tasks"),
    );
    expect(running.items[0].status.phase).toBe("Running");
    h.at(failed + 6 * MIN);
    const done = await body(
      h.cce("autopilot-fail", "ListUpgradeClusterTasks", "GET", "/operation/upgrade/tasks"),
    );
    expect(done.items[0].status.phase).toBe("Success");
    const refused = await providerError(
      h.cce("autopilot-fail", "RetryUpgradeClusterTask", "POST", "/operation/upgrade/retry"),
    );
    expect(refused.status).toBe(400);
  });

  it("pauses a running CCE upgrade, freezes progress, and continues it", async () => {
    h.at(12 * MIN);
    const paused = await h.cce(
      "cce-success",
      "PauseUpgradeClusterTask",
      "POST",
      "/operation/upgrade/pause",
    );
    expect(paused.status).toBe(200);
    expect(paused.body).toBeNull();
    h.at(30 * MIN);
    const frozen = await body(
      h.cce("cce-success", "ListUpgradeClusterTasks", "GET", "/operation/upgrade/tasks"),
    );
    expect(frozen.items[0].status).toMatchObject({ phase: "Pause", progress: "33.33" });
    await h.cce("cce-success", "ContinueUpgradeClusterTask", "POST", "/operation/upgrade/continue");
    const refused = await providerError(
      h.cce("cce-success", "ContinueUpgradeClusterTask", "POST", "/operation/upgrade/continue"),
    );
    expect(refused.status).toBe(400);
    h.at(40 * MIN);
    const done = await body(
      h.cce("cce-success", "ListUpgradeClusterTasks", "GET", "/operation/upgrade/tasks"),
    );
    expect(done.items[0].status.phase).toBe("Success");
  });

  it("records a postcheck after success: documented response, PostCheck point, workflow Success", async () => {
    const cluster = h.cluster("cce-success");
    const request = {
      kind: "PostCheckTask",
      apiVersion: "v3",
      spec: {
        clusterID: cluster.clusterId,
        clusterVersion: "v1.28.3-r0",
        targetVersion: "v1.29.1-r0",
      },
    };
    h.at(10 * MIN);
    const early = await providerError(
      h.cce("cce-success", "CreatePostCheck", "POST", "/operation/postcheck", request),
    );
    expect(early.status).toBe(400);

    h.at(25 * MIN);
    const before = await body(
      h.cce("cce-success", "ListUpgradeWorkFlows", "GET", "/operation/upgradeworkflows"),
    );
    expect(before.items[0].status.phase).toBe("Init");
    const res = await body(
      h.cce("cce-success", "CreatePostCheck", "POST", "/operation/postcheck", request),
    );
    expect(shapeOf(res)).toEqual(shapeOf(fixture("cce/CreatePostCheck.json")));
    expect(res.status.phase).toBe("Success");
    const wf = await body(
      h.cce("cce-success", "ListUpgradeWorkFlows", "GET", "/operation/upgradeworkflows"),
    );
    expect(wf.items[0].status.phase).toBe("Success");
    expect(wf.items[0].status.pointStatuses[3]).toMatchObject({
      taskType: "PostCheck",
      taskID: res.metadata.uid,
      status: "Success",
    });
  });
});

describe("CCE variety a real account can show (scenario `cce` options)", () => {
  /** A second simulator: the demo with some clusters changed. */
  async function demoWith(
    changes: Record<string, { cce?: Partial<CceVariety>; timeline?: ScenarioCluster["upgrade"] }>,
  ): Promise<Harness> {
    await h.sim.close();
    const demo = await loadScenario("demo");
    const clusters = demo.clusters.map((c) => {
      const change = changes[c.name];
      if (!change) return c;
      return {
        ...c,
        ...(change.cce ? { cce: CceVarietySchema.parse(change.cce) } : {}),
        ...(change.timeline ? { upgrade: change.timeline } : {}),
      };
    });
    h = await startDemo({ scenario: { ...demo, clusters } });
    return h;
  }

  it("validates the options: defaults fill in, typos and ACK clusters are refused by path", () => {
    const base = {
      name: "t",
      start: "2025-01-15T02:00:00Z",
      credentials: [{ ak: "A", sk: "S" }],
    };
    const cce = {
      provider: "cce",
      region: "r",
      projectId: "p",
      clusterId: "c",
      name: "n",
      version: "v1",
    };
    const ok = parseScenario({ ...base, clusters: [{ ...cce, cce: { lists: "compact" } }] });
    expect(ok.clusters[0]?.cce).toEqual({
      upgradeApis: "open",
      lists: "compact",
      workflowUpdated: "everyChange",
    });
    const bad = (cluster: Record<string, unknown>) => () =>
      parseScenario({ ...base, clusters: [cluster] });
    expect(bad({ ...cce, cce: { upgradeAPIs: "notFound" } })).toThrow(ScenarioError);
    expect(bad({ ...cce, cce: { upgradeApis: "closed" } })).toThrow(
      /clusters\.0\.cce\.upgradeApis/,
    );
    const ack = { provider: "ack", region: "r", clusterId: "c", name: "n", version: "v1" };
    expect(bad({ ...ack, cce: {} })).toThrow(/clusters\.0\.cce/);
  });

  it("refuses every upgrade call but ShowCluster for an account without the upgrade APIs", async () => {
    await demoWith({
      "autopilot-fail": { cce: { upgradeApis: "notFound" } },
      "cce-success": { cce: { upgradeApis: "forbidden" } },
    });
    h.at(10 * MIN);
    for (const [op, method, suffix] of [
      ["ListUpgradeClusterTasks", "GET", "/operation/upgrade/tasks"],
      ["ListUpgradeWorkFlows", "GET", "/operation/upgradeworkflows"],
      ["RetryUpgradeClusterTask", "POST", "/operation/upgrade/retry"],
    ] as const) {
      const err = await providerError(h.cce("autopilot-fail", op, method, suffix));
      expect(err).toMatchObject({ status: 404, code: "APIG.0101" });
      expect(err.requestId).toMatch(/^[0-9a-f]{32}$/);
    }
    const forbidden = await providerError(
      h.cce("cce-success", "ListUpgradeClusterTasks", "GET", "/operation/upgrade/tasks"),
    );
    expect(forbidden).toMatchObject({ status: 403, code: "CCE.01403001" });
    const shown = await body(h.cce("autopilot-fail", "ShowCluster", "GET", ""));
    expect(shown.status.phase).toBe("Upgrading");
    expect(shown.spec.version).toBe("v1.28.3-r0");
    expect(h.sim.requests.every((q) => !q.mutated)).toBe(true);
  });

  it("refuses only the workflow calls when the account has tasks but no workflows", async () => {
    await demoWith({ "autopilot-fail": { cce: { upgradeApis: "noWorkflows" } } });
    h.at(18 * MIN);
    const tasks = await body(
      h.cce("autopilot-fail", "ListUpgradeClusterTasks", "GET", "/operation/upgrade/tasks"),
    );
    expect(tasks.items[0].status.phase).toBe("Failed");
    const err = await providerError(
      h.cce("autopilot-fail", "ListUpgradeWorkFlows", "GET", "/operation/upgradeworkflows"),
    );
    expect(err).toMatchObject({ status: 404, code: "APIG.0101" });
  });

  it("sends compact lists: null for none, the object alone for one, arrays for more", async () => {
    await demoWith({ "autopilot-fail": { cce: { lists: "compact" } } });
    const list = () =>
      body(h.cce("autopilot-fail", "ListUpgradeWorkFlows", "GET", "/operation/upgradeworkflows"));
    h.at(0);
    expect((await list()).items).toBeNull();
    h.at(10 * MIN);
    const one = (await list()).items;
    expect(one.kind).toBe("WorkFlowTask");
    expect(one.status.pointStatuses).toHaveLength(4);
    expect(one.status.lineStatuses).toHaveLength(2);
  });

  it("shows an undocumented phase on the task and its Cluster step while it runs", async () => {
    await demoWith({ "cce-stall": { cce: { undocumentedPhase: "Rollbacking" } } });
    h.at(10 * MIN);
    const tasks = await body(
      h.cce("cce-stall", "ListUpgradeClusterTasks", "GET", "/operation/upgrade/tasks"),
    );
    expect(tasks.items[0].status.phase).toBe("Rollbacking");
    const wf = await body(
      h.cce("cce-stall", "ListUpgradeWorkFlows", "GET", "/operation/upgradeworkflows"),
    );
    expect(wf.items[0].status.pointStatuses[2]).toMatchObject({
      taskType: "Cluster",
      status: "Rollbacking",
    });
  });

  it("keeps the workflow's updateTimestamp at the newest step's start, as seed 001's answer shows", async () => {
    await demoWith({ "autopilot-fail": { cce: { workflowUpdated: "stepStart" } } });
    h.at(20 * MIN);
    const wf = (
      await body(
        h.cce("autopilot-fail", "ListUpgradeWorkFlows", "GET", "/operation/upgradeworkflows"),
      )
    ).items[0];
    const cluster = wf.status.pointStatuses[2];
    expect(cluster.status).toBe("Failed");
    expect(wf.metadata.updateTimestamp).toBe(cluster.startTimeStamp);
    const done = await body(
      h.cce(
        "autopilot-fail",
        "UpgradeWorkFlowUpdate",
        "PATCH",
        `/operation/upgradeworkflows/${wf.metadata.uid}`,
        { status: { phase: "Cancel" } },
      ),
    );
    expect(done.status.phase).toBe("Cancel");
    expect(done.metadata.updateTimestamp).toBe(cluster.startTimeStamp);
  });

  it("refuses a cancel while the critical line into the Cluster step has not run", async () => {
    await demoWith({
      "autopilot-fail": {
        timeline: {
          startAt: 4 * MIN,
          timeline: [
            { phase: "precheck", duration: 3 * MIN },
            { phase: "failure", message: "precheck failed" },
          ],
          afterRetry: [{ phase: "success" }],
          postcheck: "Success",
          ackFailState: "fail",
          ackAddonUpgradeAfter: false,
        },
      },
    });
    h.at(10 * MIN);
    const wf = (
      await body(
        h.cce("autopilot-fail", "ListUpgradeWorkFlows", "GET", "/operation/upgradeworkflows"),
      )
    ).items[0];
    expect(wf.status.phase).toBe("Pending");
    expect(wf.status.pointStatuses[0]).toMatchObject({ taskType: "PreCheck", status: "Failed" });
    const refused = await providerError(
      h.cce(
        "autopilot-fail",
        "UpgradeWorkFlowUpdate",
        "PATCH",
        `/operation/upgradeworkflows/${wf.metadata.uid}`,
        { status: { phase: "Cancel" } },
      ),
    );
    expect(refused.status).toBe(400);
    expect(refused.providerMessage).toMatch(/key path to Cluster has not run/);
  });
});
