import { afterEach, describe, expect, it } from "vitest";
import { ProviderError } from "../../shared/client/index.ts";
import { createPrecheck } from "../../shared/providers/actions/createPrecheck.ts";
import { listPrechecks, showAckCheck } from "../../shared/providers/actions/listPrechecks.ts";
import { MIN, type RolloutStack, startRolloutStack } from "../helpers/rollout-stack.ts";

// The cloud's pre-upgrade check through the real signed client against the simulator over
// 127.0.0.1: CCE and Autopilot CreatePreCheck / ListPreCheckTasks, ACK RunClusterCheck /
// ListClusterChecks / GetClusterCheck, as our client sends and reads them. The simulator checks
// each body (a 200 means it parsed) and plays the scenario's precheck on a test clock.
const FAILING = {
  result: "fail",
  duration: "2m",
  findings: [
    {
      name: "DeprecatedAPICheck",
      group: "LimitCheck",
      level: "Fatal",
      message: "extensions/v1beta1 Ingress is removed in the target version",
    },
    { name: "NodeOSCheck", group: "NodeCheck", level: "Warning", message: "EulerOS 2.5 ends" },
  ],
};
const FLEET = [
  { name: "cce-a", provider: "cce" as const },
  { name: "auto-a", provider: "cce-autopilot" as const },
  { name: "ack-a", provider: "ack" as const },
  { name: "cce-bad", provider: "cce" as const, precheck: FAILING },
  { name: "ack-bad", provider: "ack" as const, precheck: FAILING },
];

let stack: RolloutStack | undefined;
afterEach(async () => {
  await stack?.close();
  stack = undefined;
});

describe("the cloud's precheck in the simulator", () => {
  it("CCE: creates one with the cluster's version from ShowCluster, runs 30s, then passes", async () => {
    stack = await startRolloutStack(FLEET);
    const s = stack;
    s.clock.set(new Date(s.start + 10 * MIN));
    expect(await listPrechecks(s.target("cce-a"), { client: s.client })).toEqual([]);
    const mark = s.sim.requests.length;
    const made = await createPrecheck(s.target("cce-a"), { client: s.client }, "v1.31");
    expect(made.operation).toBe("CreatePreCheck");
    expect(made.precheckId).toMatch(/^[0-9a-f-]{36}$/);
    expect(s.since(mark).map((r) => [r.method, r.operation, r.status, r.mutated])).toEqual([
      ["GET", "ShowCluster", 200, false],
      ["POST", "CreatePreCheck", 200, true],
    ]);
    const [running] = await listPrechecks(s.target("cce-a"), { client: s.client });
    expect(running).toMatchObject({
      cloud: "huawei",
      id: made.precheckId,
      targetVersion: "v1.31",
      status: "Running",
      createdAt: new Date(s.start + 10 * MIN).toISOString(),
    });
    s.clock.set(new Date(s.start + 10 * MIN + 30_000));
    const [done] = await listPrechecks(s.target("cce-a"), { client: s.client });
    expect(done).toMatchObject({
      status: "Success",
      updatedAt: new Date(s.start + 10 * MIN + 30_000).toISOString(),
      expiresAt: new Date(s.start + 10 * MIN + 30_000 + 24 * 60 * MIN).toISOString(),
      findings: [],
    });
  });

  it("Autopilot: the same operations under /autopilot/v3", async () => {
    stack = await startRolloutStack(FLEET);
    const s = stack;
    const mark = s.sim.requests.length;
    await createPrecheck(s.target("auto-a"), { client: s.client }, "v1.31.2-r0");
    expect(s.since(mark).map((r) => r.path)).toEqual([
      expect.stringMatching(/^\/autopilot\/v3\/projects\/[^/]+\/clusters\/[^/]+$/),
      expect.stringMatching(/^\/autopilot\/v3\/projects\/.+\/operation\/precheck$/),
    ]);
    const records = await listPrechecks(s.target("auto-a"), { client: s.client });
    expect(records.map((r) => [r.targetVersion, r.status])).toEqual([["v1.31.2-r0", "Running"]]);
  });

  it("CCE: a failing precheck lists its failed items, node items naming their node", async () => {
    stack = await startRolloutStack(FLEET);
    const s = stack;
    await createPrecheck(s.target("cce-bad"), { client: s.client }, "v1.31");
    s.clock.set(new Date(s.start + 2 * MIN));
    const [done] = await listPrechecks(s.target("cce-bad"), { client: s.client });
    expect(done?.status).toBe("Failed");
    expect(done?.findings).toEqual([
      "LimitCheck DeprecatedAPICheck [Fatal, Exception] Failed: extensions/v1beta1 Ingress is removed in the target version",
      "node cce-bad-node-1: NodeCheck NodeOSCheck [Warning, Exception] Failed: EulerOS 2.5 ends",
    ]);
  });

  it("ACK: RunClusterCheck of type ClusterUpgrade; the list has no items, GetClusterCheck has them", async () => {
    stack = await startRolloutStack(FLEET);
    const s = stack;
    const mark = s.sim.requests.length;
    const made = await createPrecheck(s.target("ack-bad"), { client: s.client }, "1.31.1-aliyun.1");
    expect(made.operation).toBe("RunClusterCheck");
    expect(made.precheckId).toMatch(/-clustercheck-[a-z]{5}$/);
    const [running] = await listPrechecks(s.target("ack-bad"), { client: s.client });
    expect(running).toMatchObject({ cloud: "alibaba", status: "Running", finishedAt: null });
    expect(s.since(mark).map((r) => [r.method, r.path, r.query])).toEqual([
      ["POST", `/clusters/${s.target("ack-bad").cluster.clusterId}/checks`, ""],
      ["GET", `/clusters/${s.target("ack-bad").cluster.clusterId}/checks`, "type=ClusterUpgrade"],
    ]);
    s.clock.set(new Date(s.start + 3 * MIN));
    const [done] = await listPrechecks(s.target("ack-bad"), { client: s.client });
    expect(done).toMatchObject({
      status: "Failed",
      targetVersion: null,
      finishedAt: new Date(s.start + 2 * MIN).toISOString(),
      findings: null,
    });
    const detail = await showAckCheck(
      s.target("ack-bad"),
      { client: s.client },
      made.precheckId ?? "",
    );
    expect(detail.findings).toEqual([
      "LimitCheck DeprecatedAPICheck [Fatal]: extensions/v1beta1 Ingress is removed in the target version",
      "NodeCheck NodeOSCheck [Warning]: EulerOS 2.5 ends",
    ]);
  });

  it("refuses a CreatePreCheck to the version the cluster runs, as a typed client error", async () => {
    stack = await startRolloutStack(FLEET);
    const s = stack;
    const error = await createPrecheck(s.target("cce-a"), { client: s.client }, "v1.30.4-r0").catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ kind: "client", status: 400, code: "CCE.01400001" });
    expect(await listPrechecks(s.target("cce-a"), { client: s.client })).toEqual([]);
  });
});
