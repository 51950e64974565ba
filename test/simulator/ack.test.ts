import Cs from "@alicloud/cs20151215";
import { $OpenApiUtil } from "@alicloud/openapi-core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ProviderError } from "../../shared/client/index.ts";
import {
  fixture,
  type Harness,
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
const rejection = async (p: Promise<unknown>): Promise<ProviderError> => {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(ProviderError);
  return e as ProviderError;
};

describe("ACK reads, through our signed client", () => {
  it("GetUpgradeStatus walks prechecking, upgrading, pause in the documented shape", async () => {
    const id = h.cluster("ack-pause").clusterId;
    const status = () =>
      body(h.ack("GetUpgradeStatus", "GET", `/api/v2/clusters/${id}/upgrade/status`));
    h.at(4 * MIN);
    const pre = await status();
    expect(shapeOf(pre)).toEqual(shapeOf(fixture("ack/GetUpgradeStatus.json")));
    expect(pre).toMatchObject({
      status: "running",
      upgrade_step: "prechecking",
      upgrade_task: { status: "running" },
    });
    h.at(8 * MIN);
    expect(await status()).toMatchObject({ status: "running", upgrade_step: "upgrading" });
    h.at(12 * MIN);
    expect(await status()).toMatchObject({ status: "pause", upgrade_step: "pause" });
  });

  it("shows a pause as task state paused in the task API", async () => {
    const id = h.cluster("ack-pause").clusterId;
    h.at(12 * MIN);
    const list = await body(
      h.ack("DescribeClusterTasks", "GET", `/clusters/${id}/tasks`, {
        page_size: "10",
        page_number: "1",
      }),
    );
    expect(list.page_info).toEqual({ page_size: 10, page_number: 1, total_count: 1 });
    expect(typeof list.requestId).toBe("string");
    const task = list.tasks[0];
    expect(task).toMatchObject({ task_type: "cluster_upgrade", state: "paused" });
    expect(task.task_id).toMatch(/^T-[0-9a-f]{24}$/);
    expect(task.created).toBe("2025-01-15T10:03:00+08:00");
    expect(task.updated).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+08:00$/);

    const info = await body(h.ack("DescribeTaskInfo", "GET", `/tasks/${task.task_id}`));
    const documented = shapeOf(fixture("ack/DescribeTaskInfo.json")) as Record<string, unknown>;
    for (const key of ["cluster_id", "created", "state", "task_id", "task_type", "updated"]) {
      expect(shapeOf(info[key])).toEqual(documented[key]);
    }
    expect(info.state).toBe("paused");
    expect(info.current_stage).toBe("UpgradeCluster");
    expect(info.stages[0]).toMatchObject({
      state: "success",
      start_time: "2025-01-15 10:03:00",
      end_time: "2025-01-15 10:05:00",
    });
    expect(info.events.map((e: Json) => e.reason)).toContain("UpgradePaused");
    expect(info.events[0].timestamp).toBe(String(Date.parse("2025-01-15T02:03:00Z")));
  });

  it("reports a failed upgrade as state fail with an error, and legacy status fail, until cancelled", async () => {
    const gen = await import("../../infra/local/simulator/loadScenario.ts");
    await h.sim.close();
    const scenario = gen.parseScenario({
      name: "ack-fail",
      start: "2025-01-15T02:00:00Z",
      credentials: [
        { ak: "AK1", sk: "SK1" },
        { ak: "AK2", sk: "SK2" },
      ],
      clusters: [
        {
          provider: "ack",
          region: "cn-hangzhou",
          clusterId: "cfail",
          name: "ack-fail",
          version: "1.30.1-aliyun.1",
          targetVersion: "1.31.1-aliyun.1",
          upgrade: {
            startAt: "0s",
            ackFailState: "failed",
            timeline: [
              { phase: "upgrade", duration: "5m", progressTo: 50 },
              { phase: "failure", message: "node pool upgrade failed" },
            ],
          },
        },
      ],
    });
    h = await startDemo({ scenario });
    h.at(10 * MIN);
    const list = await body(h.ack("DescribeClusterTasks", "GET", "/clusters/cfail/tasks"));
    expect(list.tasks[0]).toMatchObject({
      state: "failed",
      error: { message: "node pool upgrade failed" },
    });
    const legacy = await body(
      h.ack("GetUpgradeStatus", "GET", "/api/v2/clusters/cfail/upgrade/status"),
    );
    expect(legacy).toMatchObject({
      status: "fail",
      error_message: "node pool upgrade failed",
      upgrade_task: { status: "Failed" },
    });
    const detail = await body(h.ack("DescribeClusterDetail", "GET", "/clusters/cfail"));
    expect(detail.state).toBe("updating_failed");
    // CancelTask cancels a running task; no source shows it taking a failed one: refused.
    const refused = await rejection(
      h.ack("CancelTask", "POST", `/tasks/${list.tasks[0].task_id}/cancel`),
    );
    expect(refused).toMatchObject({ status: 400, code: "BadRequest", kind: "client" });
    expect(refused.providerMessage).toMatch(/state failed and cannot be canceled/);
    expect(h.sim.requests.at(-1)).toMatchObject({ operation: "CancelTask", mutated: false });
    expect(h.sim.upgradeState("cfail")?.status).toBe("failed");
    // The deprecated cluster-level cancel is older: Terraform's earlier code sent it after a
    // failure, and it is still accepted.
    await h.ack("CancelClusterUpgrade", "POST", "/api/v2/clusters/cfail/upgrade/cancel");
    const after = await body(h.ack("DescribeTaskInfo", "GET", `/tasks/${list.tasks[0].task_id}`));
    expect(after.state).toBe("canceled");
  });

  it("DescribeClusterDetail has the documented fields, and the new version after success", async () => {
    const id = h.cluster("ack-old-upgrade").clusterId;
    const detail = await body(h.ack("DescribeClusterDetail", "GET", `/clusters/${id}`));
    const documented = shapeOf(fixture("ack/DescribeClusterDetail.json")) as Record<
      string,
      unknown
    >;
    for (const key of [
      "cluster_id",
      "cluster_type",
      "created",
      "current_version",
      "name",
      "region_id",
      "state",
      "updated",
    ]) {
      expect(shapeOf(detail[key])).toEqual(documented[key]);
    }
    expect(detail).toMatchObject({ state: "running", current_version: "1.31.1-aliyun.1" });
    const legacy = await body(
      h.ack("GetUpgradeStatus", "GET", `/api/v2/clusters/${id}/upgrade/status`),
    );
    expect(legacy).toMatchObject({ status: "success", upgrade_step: "success" });
  });

  it("answers unknown clusters and tasks with 404", async () => {
    const e = await rejection(h.ack("DescribeClusterDetail", "GET", "/clusters/cnope"));
    expect(e.status).toBe(404);
    expect(e.code).toBe("ErrorClusterNotFound");
  });
});

describe("ACK actions", () => {
  it("ResumeTask moves a pause on; the legacy resume does the same", async () => {
    const id = h.cluster("ack-pause").clusterId;
    h.at(12 * MIN);
    const list = await body(h.ack("DescribeClusterTasks", "GET", `/clusters/${id}/tasks`));
    const taskId = list.tasks[0].task_id as string;
    const resumed = await h.ack("ResumeTask", "POST", `/tasks/${taskId}/resume`);
    expect(resumed.status).toBe(200);
    expect(resumed.raw).toBe("");
    expect(h.sim.requests.at(-1)).toMatchObject({
      operation: "ResumeTask",
      mutated: true,
      clusterId: id,
    });
    h.at(13 * MIN);
    expect(
      await body(h.ack("GetUpgradeStatus", "GET", `/api/v2/clusters/${id}/upgrade/status`)),
    ).toMatchObject({
      status: "running",
      upgrade_step: "upgrading",
    });
    const notPaused = await rejection(
      h.ack("ResumeUpgradeCluster", "POST", `/api/v2/clusters/${id}/upgrade/resume`),
    );
    expect(notPaused.status).toBe(400);

    await h.ack("PauseClusterUpgrade", "POST", `/api/v2/clusters/${id}/upgrade/pause`);
    h.at(20 * MIN);
    expect(
      await body(h.ack("GetUpgradeStatus", "GET", `/api/v2/clusters/${id}/upgrade/status`)),
    ).toMatchObject({ status: "pause" });
    await h.ack("ResumeUpgradeCluster", "POST", `/api/v2/clusters/${id}/upgrade/resume`);
    h.at(40 * MIN);
    const done = await body(h.ack("DescribeTaskInfo", "GET", `/tasks/${taskId}`));
    expect(done.state).toBe("success");
  });

  it("PauseTask and CancelTask act on a running task; the legacy cancel too", async () => {
    const id = h.cluster("ack-pause").clusterId;
    h.at(8 * MIN);
    const taskId = (await body(h.ack("DescribeClusterTasks", "GET", `/clusters/${id}/tasks`)))
      .tasks[0].task_id;
    await h.ack("PauseTask", "POST", `/tasks/${taskId}/pause`);
    expect(
      (await body(h.ack("GetUpgradeStatus", "GET", `/api/v2/clusters/${id}/upgrade/status`)))
        .status,
    ).toBe("pause");
    await h.ack("CancelClusterUpgrade", "POST", `/api/v2/clusters/${id}/upgrade/cancel`);
    const info = await body(h.ack("DescribeTaskInfo", "GET", `/tasks/${taskId}`));
    expect(info.state).toBe("canceled");
    const again = await rejection(h.ack("CancelTask", "POST", `/tasks/${taskId}/cancel`));
    expect(again.status).toBe(400);
    expect(h.sim.requests.filter((r) => r.mutated).map((r) => r.operation)).toEqual([
      "PauseTask",
      "CancelClusterUpgrade",
    ]);
  });

  it("PauseTask shows as state paused in both APIs, ResumeTask as running, CancelTask as canceled", async () => {
    const id = h.cluster("ack-pause").clusterId;
    h.at(8 * MIN);
    const taskId = (await body(h.ack("DescribeClusterTasks", "GET", `/clusters/${id}/tasks`)))
      .tasks[0].task_id;
    const state = async () =>
      (await body(h.ack("DescribeTaskInfo", "GET", `/tasks/${taskId}`))).state;
    const legacy = () =>
      body(h.ack("GetUpgradeStatus", "GET", `/api/v2/clusters/${id}/upgrade/status`));
    expect(await state()).toBe("running");
    await h.ack("PauseTask", "POST", `/tasks/${taskId}/pause`);
    expect(await state()).toBe("paused");
    expect(await legacy()).toMatchObject({ status: "pause", upgrade_step: "pause" });
    await h.ack("ResumeTask", "POST", `/tasks/${taskId}/resume`);
    expect(await state()).toBe("running");
    expect(await legacy()).toMatchObject({ status: "running", upgrade_step: "upgrading" });
    await h.ack("CancelTask", "POST", `/tasks/${taskId}/cancel`);
    expect(await state()).toBe("canceled");
  });
});

/** One ACK cluster (plus a bystander) with the given extras, on the demo's keys. */
async function ackScenario(extra: Record<string, unknown>, upgrade?: Record<string, unknown>) {
  const { parseScenario } = await import("../../infra/local/simulator/loadScenario.ts");
  await h.sim.close();
  const cluster = (clusterId: string, more: Record<string, unknown>) => ({
    provider: "ack",
    region: "cn-hangzhou",
    clusterId,
    name: clusterId,
    version: "1.30.1-aliyun.1",
    targetVersion: "1.31.1-aliyun.1",
    upgrade: upgrade ?? {
      startAt: "0s",
      timeline: [{ phase: "upgrade", duration: "5m" }, { phase: "success" }],
    },
    ...more,
  });
  h = await startDemo({
    scenario: parseScenario({
      name: "ack-variety",
      start: "2025-01-15T02:00:00Z",
      credentials: [
        { ak: "AK1", sk: "SK1" },
        { ak: "AK2", sk: "SK2" },
      ],
      clusters: [cluster("cvariety", extra), cluster("cplain", {})],
    }),
  });
}

describe("ACK's variety of tasks and shapes", () => {
  const tasksOf = async (clusterId: string, query?: Record<string, string>) =>
    (await body(h.ack("DescribeClusterTasks", "GET", `/clusters/${clusterId}/tasks`, query)))
      .tasks as Json[];

  it("lists other tasks beside the upgrade, newest first, and starts an add-on upgrade after a success", async () => {
    await ackScenario({
      ackTasks: [
        { taskType: "runtime_upgrade", startAt: "-1d", duration: "10m" },
        { taskType: "nodepool_upgrade", startAt: "2m", duration: "6m", outcome: "fail" },
      ],
    });
    h.at(3 * MIN);
    expect((await tasksOf("cvariety")).map((t) => [t.task_type, t.state])).toEqual([
      ["nodepool_upgrade", "running"],
      ["cluster_upgrade", "running"],
      ["runtime_upgrade", "success"],
    ]);
    h.at(5 * MIN + 31_000);
    const after = await tasksOf("cvariety");
    expect(after.map((t) => [t.task_type, t.state])).toEqual([
      ["cluster_addon_upgrade", "running"],
      ["nodepool_upgrade", "running"],
      ["cluster_upgrade", "success"],
      ["runtime_upgrade", "success"],
    ]);
    h.at(20 * MIN);
    const failed = (await tasksOf("cvariety")).find((t) => t.task_type === "nodepool_upgrade");
    expect(failed).toMatchObject({ state: "fail", error: { code: "BadRequest" } });
    const info = await body(h.ack("DescribeTaskInfo", "GET", `/tasks/${after[0].task_id}`));
    expect(info).toMatchObject({ task_type: "cluster_addon_upgrade", state: "success" });
    expect(info.stages[0].start_time).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    expect(info.events.map((e: Json) => e.timestamp)).toEqual([
      String(Date.parse("2025-01-15T02:05:30Z")),
      String(Date.parse("2025-01-15T02:08:30Z")),
    ]);
  });

  it("honours the task_type filter, unless the scenario's server ignores it", async () => {
    await ackScenario({
      ackTasks: [{ taskType: "nodepool_upgrade", startAt: "1m" }],
      ackShapes: { ignoreTaskTypeFilter: true },
    });
    h.at(2 * MIN);
    const filtered = await tasksOf("cplain", { task_type: "cluster_upgrade" });
    expect(filtered.map((t) => t.task_type)).toEqual(["cluster_upgrade"]);
    const ignored = await tasksOf("cvariety", { task_type: "cluster_upgrade" });
    expect(ignored.map((t) => t.task_type)).toEqual(["nodepool_upgrade", "cluster_upgrade"]);
  });

  it("cancels another running task with CancelTask, and refuses to pause it", async () => {
    await ackScenario({ ackTasks: [{ taskType: "nodepool_upgrade", startAt: "1m" }] });
    h.at(2 * MIN);
    const pool = (await tasksOf("cvariety")).find((t) => t.task_type === "nodepool_upgrade");
    const paused = await rejection(h.ack("PauseTask", "POST", `/tasks/${pool?.task_id}/pause`));
    expect(paused).toMatchObject({ status: 400, code: "BadRequest" });
    await h.ack("CancelTask", "POST", `/tasks/${pool?.task_id}/cancel`);
    expect(h.sim.requests.at(-1)).toMatchObject({ mutated: true, clusterId: "cvariety" });
    const info = await body(h.ack("DescribeTaskInfo", "GET", `/tasks/${pool?.task_id}`));
    expect(info.state).toBe("canceled");
    expect(h.sim.upgradeState("cvariety")?.status).toBe("running");
  });

  it("sends empty lists as null and one-item lists bare, and counts as strings, when asked", async () => {
    await ackScenario({ ackShapes: { lists: "loose", countsAsStrings: true } });
    h.at(1 * MIN);
    const list = await body(h.ack("DescribeClusterTasks", "GET", "/clusters/cvariety/tasks"));
    expect(list.page_info).toEqual({ page_size: "10", page_number: "1", total_count: "1" });
    expect(Array.isArray(list.tasks)).toBe(false);
    expect(list.tasks.task_type).toBe("cluster_upgrade");
    const info = await body(h.ack("DescribeTaskInfo", "GET", `/tasks/${list.tasks.task_id}`));
    expect(Array.isArray(info.stages)).toBe(false);
    expect(info.stages.state).toBe("running");
    const none = await body(
      h.ack("DescribeClusterTasks", "GET", "/clusters/cvariety/tasks", {
        task_type: "nodepool_upgrade",
      }),
    );
    expect(none.tasks).toBeNull();
  });

  it("hides a legacy-only upgrade from the task API, and plays the older nested failure form", async () => {
    await ackScenario(
      { ackShapes: { legacyOnly: true, legacyFailure: "nested" } },
      {
        startAt: "0s",
        timeline: [
          { phase: "upgrade", duration: "5m", progressTo: 40 },
          { phase: "failure", message: "master1 failed" },
        ],
      },
    );
    h.at(6 * MIN);
    expect(await tasksOf("cvariety")).toEqual([]);
    expect((await tasksOf("cplain"))[0]).toMatchObject({
      task_type: "cluster_upgrade",
      state: "fail",
    });
    const legacy = await body(
      h.ack("GetUpgradeStatus", "GET", "/api/v2/clusters/cvariety/upgrade/status"),
    );
    expect(legacy).toMatchObject({
      status: "pause",
      upgrade_step: "pause",
      upgrade_task: { upgrade_status: { failed: "true", events: [{ Message: "master1 failed" }] } },
    });
    expect(shapeOf(legacy.upgrade_task)).toEqual(
      shapeOf((fixture("ack/GetUpgradeStatus-nested-failure.json") as Json).upgrade_task),
    );
  });
});

describe("the official Alibaba SDK (@alicloud/cs20151215) against the simulator", () => {
  const sdk = (ak: string, sk: string) => {
    const Client = ((Cs as unknown as { default?: typeof Cs }).default ?? Cs) as unknown as new (
      c: unknown,
    ) => Json;
    return new Client(
      new $OpenApiUtil.Config({
        accessKeyId: ak,
        accessKeySecret: sk,
        endpoint: new URL(h.sim.url).host,
        protocol: "http",
        regionId: "cn-hangzhou",
      }),
    );
  };

  it("is accepted end to end, and the SDK parses the answers", async () => {
    const { ak, sk } = h.scenario.credentials[1] as { ak: string; sk: string };
    const id = h.cluster("ack-pause").clusterId;
    // The SDK signs with the wall clock; put the simulator there for this test.
    h.clock.set(new Date());
    const client = sdk(ak, sk);
    const status = await client.getUpgradeStatus(id);
    expect(status.statusCode).toBe(200);
    // Wall-clock now is long after the demo's pause began, and nobody resumed it.
    expect(status.body).toMatchObject({ status: "pause", upgradeStep: "pause" });
    const detail = await client.describeClusterDetail(id);
    expect(detail.body.clusterId).toBe(id);
    expect(detail.body.state).toBe("updating");
    expect(h.sim.requests.map((r) => [r.operation, r.status, r.ak])).toEqual([
      ["GetUpgradeStatus", 200, ak],
      ["DescribeClusterDetail", 200, ak],
    ]);
  });

  it("gets the documented error for a wrong secret, parsed by the SDK", async () => {
    const { ak } = h.scenario.credentials[1] as { ak: string };
    h.clock.set(new Date());
    const err = await sdk(ak, "wrong-secret")
      .getUpgradeStatus(h.cluster("ack-pause").clusterId)
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ code: "SignatureDoesNotMatch", statusCode: 400 });
  });
});
