import { afterEach, describe, expect, it } from "vitest";
import { ALIBABA_ERRORS, HUAWEI_ERRORS } from "../../infra/local/simulator/gateway/cloudErrors.ts";
import { loadScenario, parseScenario } from "../../infra/local/simulator/loadScenario.ts";
import type { Simulator } from "../../infra/local/simulator/server.ts";
import { providerErrorOf, startDemo } from "../helpers/demo-harness.ts";

// The simulator's gateway (infra/local/simulator/gateway/): which cluster a path reaches, and
// each cloud's own words for what the gateway itself answers.

const started: Simulator[] = [];
afterEach(async () => {
  for (const sim of started.splice(0)) await sim.close();
});

describe("the simulator's gateway", () => {
  it("cannot be given two clusters a request could not tell apart: ids are unique", async () => {
    // One address serves every region, so the same id in two regions would be ambiguous.
    const demo = await loadScenario("demo");
    const ack = demo.clusters.find((c) => c.provider === "ack");
    const twin = { ...ack, region: "cn-beijing", name: "the-same-id-elsewhere" };
    expect(() => parseScenario({ ...demo, clusters: [...demo.clusters, twin] })).toThrow(
      /clusterId: duplicate id/,
    );
  });

  it("reaches an ACK cluster by its id, and a Huawei path does not reach it", async () => {
    const h = await startDemo();
    started.push(h.sim);
    const ack = h.cluster("ack-pause");
    expect((await h.ack("DescribeClusterDetail", "GET", `/clusters/${ack.clusterId}`)).status).toBe(
      200,
    );
    const key = h.scenario.credentials[0] as { ak: string; sk: string };
    const asCce = await providerErrorOf(
      h.client.request({
        cloud: "huawei",
        endpoint: h.sim.url,
        credentials: key,
        projectId: "p",
        operation: "ListUpgradeClusterTasks",
        method: "GET",
        path: `/api/v3/projects/p/clusters/${ack.clusterId}/operation/upgrade/tasks`,
      }),
    );
    expect(asCce).toMatchObject({ status: 404, code: "CCE.01404001" });
  });

  it("reaches a CCE cluster only under its own project", async () => {
    const h = await startDemo();
    started.push(h.sim);
    const cluster = h.cluster("cce-success");
    const key = h.scenario.credentials.find((c) => c.ak === cluster.credentials);
    const otherProject = "0000000000000000000000000000000f";
    const read = (projectId: string) =>
      h.client.request({
        cloud: "huawei",
        endpoint: h.sim.url,
        credentials: { ak: key?.ak ?? "", sk: key?.sk ?? "" },
        projectId,
        operation: "ListUpgradeClusterTasks",
        method: "GET",
        path: `/api/v3/projects/${projectId}/clusters/${cluster.clusterId}/operation/upgrade/tasks`,
      });
    expect((await read(cluster.projectId ?? "")).status).toBe(200);
    const wrong = await providerErrorOf(read(otherProject));
    expect(wrong).toMatchObject({ status: 404, code: "CCE.01404001" });
  });

  it("answers in each cloud's own words", () => {
    const route = {
      cloud: "alibaba" as const,
      operation: "DescribeTaskInfo",
      params: { taskId: "T-1" },
    };
    expect(ALIBABA_ERRORS.notFound(route, "R").body).toMatchObject({ code: "ErrorTaskNotFound" });
    expect(HUAWEI_ERRORS.notFound(route, "R").body).toMatchObject({ errorCode: "CCE.01404001" });
    expect(HUAWEI_ERRORS.serverError(504, "R")).toMatchObject({
      status: 504,
      body: { error_code: "APIG.0201" },
    });
    expect(ALIBABA_ERRORS.serverError(503, "R")).toMatchObject({
      status: 503,
      body: { code: "ServiceUnavailable", requestId: "R" },
    });
    expect(HUAWEI_ERRORS.throttled(5, 2, "R")).toMatchObject({
      status: 429,
      headers: { "Retry-After": "2" },
      body: { error_code: "APIG.0308" },
    });
    expect(ALIBABA_ERRORS.unauthorized("badSignature", "AK", "R").body).toMatchObject({
      code: "SignatureDoesNotMatch",
    });
  });
});
