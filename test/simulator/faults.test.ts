import { afterEach, describe, expect, it } from "vitest";
import { loadScenario } from "../../infra/local/simulator/loadScenario.ts";
import type { Fault, Scenario } from "../../infra/local/simulator/scenarioSchema.ts";
import { isRefusal } from "../../shared/actions/actionError.ts";
import { ProviderError } from "../../shared/client/index.ts";
import { readFleet } from "../../shared/poll/readFleet.ts";
import { demoFleet, type Harness, MIN, startDemo } from "../helpers/demo-harness.ts";

let h: Harness | undefined;
afterEach(async () => {
  await h?.sim.close();
  h = undefined;
});

const withFaults = async (faults: Partial<Fault>[], extra: Partial<Scenario> = {}) => {
  const demo = await loadScenario("demo");
  const scenario = {
    ...demo,
    ...extra,
    faults: faults.map((f) => ({ latencyMs: 1000, retryAfterSeconds: 1, ...f }) as Fault),
  };
  return scenario;
};

const list = (harness: Harness) =>
  harness.cce("cce-success", "ListUpgradeClusterTasks", "GET", "/operation/upgrade/tasks");
const failure = async (p: Promise<unknown>) => {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(ProviderError);
  return e as ProviderError;
};

describe("faults, as the client sees them", () => {
  it("latency delays the answer", async () => {
    h = await startDemo({
      scenario: await withFaults([{ kind: "latency", latencyMs: 60, count: 1 }]),
    });
    const started = performance.now();
    await list(h);
    expect(performance.now() - started).toBeGreaterThanOrEqual(55);
    expect(h.sim.requests[0]?.fault).toBe("latency");
  });

  it("429 with Retry-After: the client waits as told and retries", async () => {
    const waits: number[] = [];
    h = await startDemo({
      scenario: await withFaults([{ kind: "throttle", count: 2, retryAfterSeconds: 3 }]),
      clientOptions: { sleep: async (ms) => void waits.push(ms) },
    });
    const res = await list(h);
    expect(res.attempts).toBe(3);
    expect(waits).toEqual([3000, 3000]);
    expect(h.sim.requests.map((r) => [r.status, r.errorCode])).toEqual([
      [429, "APIG.0308"],
      [429, "APIG.0308"],
      [200, null],
    ]);
  });

  it("5xx: a server error the client retries on GET", async () => {
    h = await startDemo({
      scenario: await withFaults([{ kind: "serverError", status: 503, count: 1 }]),
    });
    const res = await list(h);
    expect(res.attempts).toBe(2);
    expect(h.sim.requests[0]).toMatchObject({
      status: 503,
      errorCode: "APIG.0202",
      fault: "serverError",
    });
  });

  it("5xx is not retried on POST, where the cloud may have acted", async () => {
    h = await startDemo({
      scenario: await withFaults([
        { kind: "serverError", status: 500, operation: "PauseUpgradeClusterTask" },
      ]),
    });
    h.at(12 * MIN);
    const err = await failure(
      h.cce("cce-success", "PauseUpgradeClusterTask", "POST", "/operation/upgrade/pause"),
    );
    expect(err).toMatchObject({ kind: "server", status: 500, attempts: 1 });
  });

  it("a connection reset is a network error", async () => {
    h = await startDemo({
      scenario: await withFaults([{ kind: "reset" }]),
      clientOptions: { retry: { maxAttempts: 2 } },
    });
    const err = await failure(list(h));
    expect(err.kind).toBe("network");
    expect(h.sim.requests.map((r) => [r.status, r.fault])).toEqual([
      [0, "reset"],
      [0, "reset"],
    ]);
  });

  it("a timeout never answers; the client gives up on its own timer", async () => {
    h = await startDemo({
      scenario: await withFaults([{ kind: "timeout", count: 1 }]),
      clientOptions: { timeoutMs: 150, retry: { maxAttempts: 1 } },
    });
    const err = await failure(list(h));
    expect(err.kind).toBe("timeout");
    expect(h.sim.requests[0]).toMatchObject({ status: 0, fault: "timeout" });
  });

  it("a malformed JSON body is a parse error carrying the raw text", async () => {
    h = await startDemo({
      scenario: await withFaults([{ kind: "malformed", count: 1 }]),
      clientOptions: { retry: { maxAttempts: 1 } },
    });
    const err = await failure(list(h));
    expect(err.kind).toBe("parse");
    expect(err.rawBody?.startsWith('{"kind":"List"')).toBe(true);
  });

  it("a response missing fields parses but lacks status", async () => {
    h = await startDemo({ scenario: await withFaults([{ kind: "missingFields", count: 1 }]) });
    h.at(15 * MIN);
    const res = await list(h);
    const item = (res.body as { items: Record<string, unknown>[] }).items[0] as Record<
      string,
      unknown
    >;
    expect(item.metadata).toBeDefined();
    expect(item.status).toBeUndefined();
    const again = (await list(h)).body as { items: Record<string, unknown>[] };
    expect(again.items[0]?.status).toBeDefined();
  });

  it("faults can target one cluster and one operation", async () => {
    const scenario = await withFaults([
      {
        kind: "serverError",
        status: 500,
        operation: "GetUpgradeStatus",
        clusterId: "c8a1f0e2d3b4c5a6978e1d2c3b4a5f601",
      },
    ]);
    h = await startDemo({ scenario, clientOptions: { retry: { maxAttempts: 1 } } });
    const other = h.cluster("ack-old-upgrade").clusterId;
    const target = h.cluster("ack-pause").clusterId;
    expect(
      (await h.ack("GetUpgradeStatus", "GET", `/api/v2/clusters/${other}/upgrade/status`)).status,
    ).toBe(200);
    expect((await h.ack("DescribeClusterDetail", "GET", `/clusters/${target}`)).status).toBe(200);
    const err = await failure(
      h.ack("GetUpgradeStatus", "GET", `/api/v2/clusters/${target}/upgrade/status`),
    );
    expect(err).toMatchObject({ status: 500, code: "InternalError" });
  });

  it("probabilities draw from the seed: the same seed gives the same hits, exactly", async () => {
    const run = async (seed: number) => {
      const harness = await startDemo({
        scenario: await withFaults([{ kind: "serverError", status: 500, probability: 0.3 }]),
        seed,
        clientOptions: { retry: { maxAttempts: 1 } },
      });
      for (let i = 0; i < 40; i++) await list(harness).catch(() => undefined);
      const hits = harness.sim.requests.map((r) => (r.fault ? 1 : 0)).join("");
      await harness.sim.close();
      return hits;
    };
    const a = await run(11);
    expect(await run(11)).toBe(a);
    expect(await run(12)).not.toBe(a);
    const count = [...a].filter((c) => c === "1").length;
    expect(count).toBeGreaterThan(4);
    expect(count).toBeLessThan(20);
  });
});

describe("per-credential rate limit", () => {
  it("answers the provider's throttling error past the limit, per key, and refills with time", async () => {
    h = await startDemo({
      rateLimit: { requestsPerSecond: 2, burst: 2 },
      clientOptions: { retry: { maxAttempts: 1 } },
    });
    expect((await list(h)).status).toBe(200);
    expect((await list(h)).status).toBe(200);
    const huawei = await failure(list(h));
    expect(huawei).toMatchObject({ status: 429, code: "APIG.0308", kind: "throttle" });
    const ack = await h.ack(
      "GetUpgradeStatus",
      "GET",
      `/api/v2/clusters/${h.cluster("ack-pause").clusterId}/upgrade/status`,
    );
    expect(ack.status).toBe(200);
    h.clock.advance(1000);
    expect((await list(h)).status).toBe(200);
  });

  it("answers Alibaba's Throttling.User (HTTP 400) for ACK keys", async () => {
    h = await startDemo({
      rateLimit: { requestsPerSecond: 1 },
      clientOptions: { retry: { maxAttempts: 1 } },
    });
    const path = `/clusters/${h.cluster("ack-pause").clusterId}`;
    await h.ack("DescribeClusterDetail", "GET", path);
    const err = await failure(h.ack("DescribeClusterDetail", "GET", path));
    expect(err).toMatchObject({ status: 400, code: "Throttling.User", kind: "throttle" });
  });

  it("is off unless configured", async () => {
    h = await startDemo();
    for (let i = 0; i < 30; i++) expect((await list(h)).status).toBe(200);
  });
});

/**
 * Per-cluster refusals, as the real signed client and the poller's fleet read (readFleet, with
 * its credential gate) meet them from the simulator over 127.0.0.1.
 */
describe("403s, key refusals and 400 throttling, through the fleet read", () => {
  const read = (harness: Harness) =>
    readFleet(demoFleet(harness), { client: harness.client, now: () => harness.clock.now() });
  const huaweiKey = "DEMOHUAWEIAK0000000001";
  const sentWith = (harness: Harness, ak: string) =>
    harness.sim.requests.filter((r) => r.ak === ak);

  /** A demo cluster's id, known before the simulator starts (faults name clusters by id). */
  const demoId = async (name: string) =>
    (await loadScenario("demo")).clusters.find((c) => c.name === name)?.clusterId as string;

  it("a permission 403 on one cluster fails that cluster only: the key's other clusters are read", async () => {
    const denied = await demoId("cce-success");
    h = await startDemo({ scenario: await withFaults([{ kind: "forbidden", clusterId: denied }]) });
    const fleet = await read(h);
    const failure = fleet.failures.find((f) => f.cluster.clusterId === denied);
    expect(failure).toMatchObject({
      kind: "permission",
      status: 403,
      code: "CCE.01403001",
      attempts: 1,
    });
    // A 403 on the upgrade task list may mean the account's upgrade APIs are not opened, so the
    // CCE reader tries ShowCluster (docs/cloud-apis.md); refused too, the read fails with that.
    expect(failure?.message).toContain(
      `permission denied: the key may not call ShowCluster on cluster ${denied}`,
    );
    // Every other cluster of the same key was read: the gate stayed open.
    const sameKey = h.scenario.clusters.filter(
      (c) => c.credentials === huaweiKey && c.clusterId !== denied,
    );
    expect(sameKey.length).toBeGreaterThanOrEqual(3);
    const read_ = new Set(fleet.snapshots.map((s) => s.cluster.clusterId));
    for (const c of sameKey) expect(read_.has(c.clusterId)).toBe(true);
    expect(
      fleet.failures.filter((f) => f.kind === "auth" && f.credentialSet === huaweiKey),
    ).toEqual([]);
    // Not retried: the refused cluster got one request per operation, the fallback's included.
    expect(h.sim.requests.filter((r) => r.clusterId === denied).map((r) => r.operation)).toEqual([
      "ListUpgradeClusterTasks",
      "ShowCluster",
    ]);
  });

  it("Forbidden.RAM on one ACK cluster, and a 403 with no recognised code, are permission too", async () => {
    const ram = await demoId("ack-pause");
    const plain = await demoId("cce-success");
    h = await startDemo({
      scenario: await withFaults([
        { kind: "forbidden", clusterId: ram },
        { kind: "forbidden", clusterId: plain, code: "Forbidden" },
      ]),
    });
    const other = h.scenario.clusters.find((c) => c.provider === "ack" && c.clusterId !== ram);
    const fleet = await read(h);
    expect(fleet.failures.find((f) => f.cluster.clusterId === ram)).toMatchObject({
      kind: "permission",
      code: "Forbidden.RAM",
      attempts: 1,
    });
    expect(fleet.failures.find((f) => f.cluster.clusterId === plain)).toMatchObject({
      kind: "permission",
      code: "Forbidden",
      status: 403,
    });
    expect(fleet.snapshots.some((s) => s.cluster.clusterId === other?.clusterId)).toBe(true);
  });

  it("a key refusal (APIGW.0301) still closes the gate after exactly one attempt per key", async () => {
    h = await startDemo({
      scenario: await withFaults([{ kind: "keyRefused", code: "APIGW.0301" }]),
    });
    const fleet = await read(h);
    const huaweiClusters = h.scenario.clusters.filter((c) => c.credentials === huaweiKey);
    expect(sentWith(h, huaweiKey)).toHaveLength(1);
    expect(sentWith(h, huaweiKey)[0]).toMatchObject({ status: 401, errorCode: "APIGW.0301" });
    for (const c of huaweiClusters) {
      expect(fleet.failures.find((f) => f.cluster.clusterId === c.clusterId)?.kind).toBe("auth");
    }
    // Alibaba's unknown key (HTTP 404) is refused the same way, once.
    expect(sentWith(h, "DEMOALIBABAAK00000001")).toHaveLength(1);
    expect(h.sim.isHuaweiKeyLocked(huaweiKey)).toBe(false);
  });

  it("a 400 Throttling.User is retried, then succeeds; so are Alibaba's other throttling codes", async () => {
    const path = `/api/v2/clusters/${(await loadScenario("demo")).clusters.find((c) => c.name === "ack-pause")?.clusterId}/upgrade/status`;
    for (const code of [
      "Throttling.User",
      "Throttling.Api",
      "Rejected.Throttling",
      "ServiceUnavailable",
    ]) {
      const waits: number[] = [];
      h = await startDemo({
        scenario: await withFaults([
          { kind: "throttle", status: 400, code, count: 1, retryAfterSeconds: 2 },
        ]),
        clientOptions: { sleep: async (ms) => void waits.push(ms) },
      });
      const res = await h.ack("GetUpgradeStatus", "GET", path);
      expect([code, res.status, res.attempts]).toEqual([code, 200, 2]);
      expect(h.sim.requests.map((r) => [r.status, r.errorCode])).toEqual([
        [400, code],
        [200, null],
      ]);
      expect(waits).toEqual([2000]);
      await h.sim.close();
      h = undefined;
    }
  });

  it("APIGW.0308 throttling is retried for a PATCH, since the cloud did not act", async () => {
    h = await startDemo({
      scenario: await withFaults([
        { kind: "throttle", code: "APIGW.0308", count: 1, operation: "UpgradeWorkFlowUpdate" },
      ]),
    });
    h.at(12 * MIN);
    await h
      .cce("cce-success", "UpgradeWorkFlowUpdate", "PATCH", "/operation/upgradeworkflows/wf-x", {
        status: { phase: "Cancel" },
      })
      .catch(() => undefined);
    // The second attempt went out; whatever the cloud then says about the workflow is its own.
    const cancels = h.sim.requests.filter((r) => r.operation === "UpgradeWorkFlowUpdate");
    expect(cancels.map((r) => r.errorCode)[0]).toBe("APIGW.0308");
    expect(cancels).toHaveLength(2);
  });

  it("a state 403 (CCE.01403003) on an action is a refusal: one attempt, kind client", async () => {
    h = await startDemo({
      scenario: await withFaults([{ kind: "refused", operation: "UpgradeWorkFlowUpdate" }]),
    });
    const err = await failure(
      h.cce("cce-success", "UpgradeWorkFlowUpdate", "PATCH", "/operation/upgradeworkflows/wf-x", {
        status: { phase: "Cancel" },
      }),
    );
    expect(err).toMatchObject({ kind: "client", status: 403, code: "CCE.01403003", attempts: 1 });
    expect(isRefusal(err)).toBe(true);
  });
});
