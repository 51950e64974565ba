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

  it("keeps the task API's state running while the upgrade is paused", async () => {
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
    expect(task).toMatchObject({ task_type: "cluster_upgrade", state: "running" });
    expect(task.task_id).toMatch(/^T-[0-9a-f]{24}$/);
    expect(task.created).toBe("2025-01-15T10:03:00+08:00");
    expect(task.updated).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+08:00$/);

    const info = await body(h.ack("DescribeTaskInfo", "GET", `/tasks/${task.task_id}`));
    const documented = shapeOf(fixture("ack/DescribeTaskInfo.json")) as Record<string, unknown>;
    for (const key of ["cluster_id", "created", "state", "task_id", "task_type", "updated"]) {
      expect(shapeOf(info[key])).toEqual(documented[key]);
    }
    expect(info.state).toBe("running");
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
    await h.ack("CancelTask", "POST", `/tasks/${list.tasks[0].task_id}/cancel`);
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
