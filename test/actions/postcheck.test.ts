import { afterEach, describe, expect, it } from "vitest";
import { runPostcheck } from "../../shared/actions/runPostcheck.ts";
import { HealthProbeSchema } from "../../shared/config/healthProbe.ts";
import { type ShepherdEvent, ShepherdEventSchema } from "../../shared/events/shepherdEvent.ts";
import { type ActionStack, MIN, startActionStack, writes } from "../helpers/action-stack.ts";
import { startProbeServer } from "../helpers/probe-server.ts";

// trigger-postcheck's core against the simulator. The upgrades succeed at 6m; the poller
// core's Postcheck Due at T = 10m drives each test.
let stack: ActionStack | undefined;
let probes: Awaited<ReturnType<typeof startProbeServer>> | undefined;
afterEach(async () => {
  await stack?.sim.close();
  await probes?.close();
  stack = undefined;
  probes = undefined;
});

async function setup(options: Parameters<typeof startActionStack>[0] = {}) {
  stack = await startActionStack(options);
  const events = await stack.poll(10 * MIN);
  return { s: stack, events };
}

const only = (result: { events: ShepherdEvent[] }) => {
  expect(result.events).toHaveLength(1);
  return ShepherdEventSchema.parse(result.events[0]);
};

describe("trigger-postcheck", () => {
  it("runs CreatePostCheck on CCE with the versions read, reports Postcheck Passed, and is not due again", async () => {
    const { s, events } = await setup();
    const due = s.due(events, "Postcheck Due", "cce-ok");
    const mark = s.sim.requests.length;
    const event = only(await runPostcheck(due, s.deps("cce-ok")));
    expect(event).toMatchObject({
      detailType: "Postcheck Passed",
      detail: {
        severity: "info",
        dueEventId: due.id,
        dryRun: false,
        postcheck: {
          taskId: expect.stringMatching(/^[0-9a-f-]{36}$/),
          phase: "Success",
          message: expect.stringContaining("CreatePostCheck answered Success"),
        },
      },
    });
    const sent = writes(s.since(mark));
    expect(sent.map((r) => [r.method, r.operation, r.mutated])).toEqual([
      ["POST", "CreatePostCheck", true],
    ]);
    expect(sent[0]?.path).toMatch(/^\/api\/v3\/projects\/.+\/operation\/postcheck$/);
    expect(s.sim.upgradeState(due.cluster.clusterId)?.postchecks).toHaveLength(1);

    const next = await s.poll(15 * MIN);
    expect(
      next.some((e) => e.detailType === "Postcheck Due" && e.detail.cluster.name === "cce-ok"),
    ).toBe(false);
  });

  it("reports Postcheck Failed (critical) when CCE's check fails", async () => {
    const { s, events } = await setup();
    const due = s.due(events, "Postcheck Due", "cce-pcfail");
    expect(only(await runPostcheck(due, s.deps("cce-pcfail")))).toMatchObject({
      detailType: "Postcheck Failed",
      detail: { severity: "critical", postcheck: { phase: "Failed" } },
    });
  });

  it("runs CreatePostCheck on Autopilot through the Autopilot path", async () => {
    const { s, events } = await setup();
    const due = s.due(events, "Postcheck Due", "ap-ok");
    const mark = s.sim.requests.length;
    expect(only(await runPostcheck(due, s.deps("ap-ok"))).detailType).toBe("Postcheck Passed");
    const sent = writes(s.since(mark));
    expect(sent).toHaveLength(1);
    expect(sent[0]?.path).toMatch(/^\/autopilot\/v3\/projects\/.+\/operation\/postcheck$/);
  });

  it("checks ACK through DescribeClusterDetail: running at the target version, with no write", async () => {
    const { s, events } = await setup();
    const due = s.due(events, "Postcheck Due", "ack-ok");
    expect(due.upgrade.toVersion).toBe("1.31.1-aliyun.1");
    const mark = s.sim.requests.length;
    const event = only(await runPostcheck(due, s.deps("ack-ok")));
    expect(event).toMatchObject({
      detailType: "Postcheck Passed",
      detail: {
        postcheck: {
          taskId: null,
          phase: "running",
          message:
            "DescribeClusterDetail: state running, version 1.31.1-aliyun.1 (target 1.31.1-aliyun.1)",
        },
      },
    });
    expect(s.since(mark).map((r) => r.operation)).toContain("DescribeClusterDetail");
    expect(writes(s.since(mark))).toEqual([]);
  });

  it("reports a PostCheck the workflow already records, and submits no second one", async () => {
    const { s, events } = await setup();
    const due = s.due(events, "Postcheck Due", "cce-pcfail");
    // Someone runs it from the console between the poll and the action.
    await s.client.request({
      cloud: "huawei",
      operation: "CreatePostCheck",
      method: "POST",
      endpoint: s.sim.url,
      path: `/api/v3/projects/${due.cluster.projectId}/clusters/${due.cluster.clusterId}/operation/postcheck`,
      credentials: s.shepherd.credentials.get(s.cluster("cce-pcfail").credentials),
      projectId: due.cluster.projectId,
      body: { kind: "PostCheckTask", apiVersion: "v3", spec: {} },
    });
    const mark = s.sim.requests.length;
    const event = only(await runPostcheck(due, s.deps("cce-pcfail")));
    expect(event).toMatchObject({
      detailType: "Postcheck Failed",
      detail: {
        postcheck: {
          taskId: null,
          phase: "Failed",
          message: expect.stringContaining("already records a PostCheck step"),
        },
      },
    });
    expect(writes(s.since(mark))).toEqual([]);
  });

  it("skips for policy when postcheck is off", async () => {
    const { s, events } = await setup({ overrides: { "cce-ok": { postcheck: false } } });
    const ok = s.due(events, "Postcheck Due", "cce-ok");
    expect(ok.policy.postcheck).toBe(false);
    const mark = s.sim.requests.length;
    expect(only(await runPostcheck(ok, s.deps("cce-ok"))).detail).toMatchObject({
      reason: "policy",
      action: "postcheck",
    });
    expect(s.since(mark)).toEqual([]);
  });

  it("fails the postcheck when a health probe fails, though the provider's check passed", async () => {
    probes = await startProbeServer();
    const { s, events } = await setup();
    const due = s.due(events, "Postcheck Due", "cce-ok");
    const cluster = {
      ...s.cluster("cce-ok"),
      healthProbes: [
        HealthProbeSchema.parse({ url: probes.url("/ok?token=s3cret") }),
        HealthProbeSchema.parse({ url: probes.url("/down"), expectStatus: 200 }),
      ],
    };
    const event = only(
      await runPostcheck(due, s.deps("cce-ok", { cluster, probes: { allowLoopback: true } })),
    );
    expect(event).toMatchObject({
      detailType: "Postcheck Failed",
      detail: { postcheck: { phase: "Success" } },
    });
    const { message } = (event.detail as { postcheck: { message: string } }).postcheck;
    expect(message).toMatch(/^CreatePostCheck answered Success \(request [0-9a-f]{32}\); /);
    expect(message).toContain(
      `; health probes 1/2 passed; ${probes.url("/down")}: expected HTTP 200, got 503`,
    );
    expect(JSON.stringify(event)).not.toContain("s3cret");
    expect(probes.hits.sort()).toEqual(["/down", "/ok?token=s3cret"]);
  });

  it("refuses a loopback probe outside the local stack, without sending it", async () => {
    probes = await startProbeServer();
    const { s, events } = await setup();
    const due = s.due(events, "Postcheck Due", "ack-ok");
    const cluster = {
      ...s.cluster("ack-ok"),
      healthProbes: [HealthProbeSchema.parse({ url: probes.url("/ok") })],
    };
    const event = only(await runPostcheck(due, s.deps("ack-ok", { cluster })));
    expect(event).toMatchObject({
      detailType: "Postcheck Failed",
      detail: {
        postcheck: { message: expect.stringContaining("refused: 127.0.0.1 resolves to 127.0.0.1") },
      },
    });
    expect(probes.hits).toEqual([]);
  });

  it("in a dry run, runs the probes but not CreatePostCheck", async () => {
    probes = await startProbeServer();
    const { s, events } = await setup({ defaults: { dryRun: true } });
    const due = s.due(events, "Postcheck Due", "cce-ok");
    const cluster = {
      ...s.cluster("cce-ok"),
      healthProbes: [HealthProbeSchema.parse({ url: probes.url("/ok") })],
    };
    const mark = s.sim.requests.length;
    const event = only(
      await runPostcheck(due, s.deps("cce-ok", { cluster, probes: { allowLoopback: true } })),
    );
    expect(event.detail).toMatchObject({
      reason: "dry-run",
      dryRun: true,
      message:
        "dry run: would submit CreatePostCheck for v1.28.3-r0 -> v1.29.1-r0; health probes 1/1 passed",
    });
    expect(writes(s.since(mark))).toEqual([]);
    expect(probes.hits).toEqual(["/ok"]);
  });
});
