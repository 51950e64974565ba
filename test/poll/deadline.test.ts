import { afterEach, describe, expect, it } from "vitest";
import { createPollStatusHandler } from "../../functions/poll-status/createHandler.ts";
import { configForSimulator } from "../../infra/local/simConfig.ts";
import { describeSimulator } from "../../infra/local/simulator/cli.ts";
import { createTestClock } from "../../infra/local/simulator/clock.ts";
import { generateScenario } from "../../infra/local/simulator/generateScenario.ts";
import { loadScenario } from "../../infra/local/simulator/loadScenario.ts";
import type { Fault } from "../../infra/local/simulator/scenarioSchema.ts";
import { type Simulator, startSimulator } from "../../infra/local/simulator/server.ts";
import { createKeepAliveFetch, createSignedClient } from "../../shared/client/index.ts";
import { clusterKey } from "../../shared/config/clusterKey.ts";
import { loadShepherdConfig } from "../../shared/config/loadShepherdConfig.ts";
import { DeadlineError } from "../../shared/errors.ts";
import { lambdaReadTime, PUBLISH_MARGIN_MS, runDeadline } from "../../shared/poll/deadline.ts";
import { pollRun } from "../../shared/poll/pollRun.ts";
import { startDemo } from "../helpers/demo-harness.ts";
import { recordingBus, scheduledEvent } from "../helpers/recording-bus.ts";

// The run's deadline against the simulator's timeout fault (a request that is never answered),
// over loopback with the real signed client. EventBridge is the one fake: a recording client.
/**
 * What a run may take beyond its deadline: cutting the reads, judging and publishing. Generous,
 * so a loaded machine does not fail it; a run that ignored its deadline would take minutes (every
 * request hangs for the client's 10 s attempt timeout, then retries).
 */
const SLACK_MS = 5_000;
let sim: Simulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

/** 48 clusters on one key, as in the report that found a run outliving Lambda's timeout. */
async function fleet(
  faults: (first: string) => Partial<Fault>[],
  poll: Record<string, unknown> = {},
) {
  const generated48 = generateScenario({ count: 48, accounts: 1, seed: 7 });
  const first = generated48.clusters[0]?.clusterId ?? "";
  const scenario = {
    ...generated48,
    faults: faults(first).map((f) => ({ latencyMs: 0, retryAfterSeconds: 0, ...f }) as Fault),
  };
  const start = Date.parse(scenario.start);
  sim = await startSimulator({ scenario, clock: createTestClock(new Date(start + 5_000)) });
  const generated = configForSimulator(describeSimulator(sim) as never, { poll });
  const env = { ...generated.env, SHEPHERD_CONFIG_JSON: JSON.stringify(generated.config) };
  return { sim, start, env };
}

describe("the run's deadline", () => {
  it("ends a Lambda run whose every request hangs within its deadline, and asks to re-read every cluster", async () => {
    const { start, env } = await fleet(() => [{ kind: "timeout" }]);
    const bus = recordingBus();
    const handler = createPollStatusHandler({ eventBridge: bus, config: { env } });
    const readTimeMs = 1_500;
    // Lambda's context: the remaining time leaves 1.5 s to read once the publishing margin is kept.
    const context = { getRemainingTimeInMillis: () => PUBLISH_MARGIN_MS + readTimeMs };
    const began = performance.now();
    const summary = (await handler(scheduledEvent(new Date(start)), context as never)) as Record<
      string,
      unknown
    >;
    const wallMs = performance.now() - began;
    expect(wallMs).toBeGreaterThanOrEqual(readTimeMs - 50);
    expect(wallMs).toBeLessThan(readTimeMs + SLACK_MS);
    expect(summary).toMatchObject({ clustersRead: 0, errors: 48, cutByDeadline: 48 });
    const [retry, ...others] = bus.events.filter((e) => e.detailType === "Poll Retry Requested");
    expect(others).toEqual([]);
    const failures = retry?.detail.failures as { kind: string }[];
    expect(failures).toHaveLength(48);
    expect(new Set(failures.map((f) => f.kind))).toEqual(new Set(["deadline"]));
    expect(retry?.detail.attempt).toBe(2);
  });

  it("keeps what was read, and puts every cluster in exactly one of read, failed or re-read", async () => {
    // Every ACK request hangs; CCE and Autopilot answer. The key's limit is raised so that the
    // hanging requests do not hold every one of its slots.
    const { env, start } = await fleet(() => [{ kind: "timeout", provider: "ack" }], {
      requestTimeout: "1s",
      concurrency: { requestsPerSecond: 1000, perCredentialSet: 64 },
    });
    const shepherd = await loadShepherdConfig({ env });
    const deadline = runDeadline(2_000);
    const began = performance.now();
    const result = await pollRun({ kind: "schedule", t: new Date(start) }, shepherd, {
      client: createSignedClient(),
      now: () => new Date(start + 5_000),
      deadline: deadline.signal,
    }).finally(deadline.clear);
    const wallMs = performance.now() - began;
    expect(wallMs).toBeLessThan(2_000 + SLACK_MS);

    const planned = result.plan.clusters.map((c) => clusterKey(c.cluster)).sort();
    const read = result.snapshots.map((s) => clusterKey(s.cluster));
    const failedFor = (type: string) =>
      result.events
        .filter((e) => e.detailType === type)
        .flatMap((e) =>
          (
            ("affectedClusters" in e.detail
              ? e.detail.affectedClusters
              : "clusters" in e.detail
                ? e.detail.clusters
                : []) as Parameters<typeof clusterKey>[0][]
          ).map(clusterKey),
        );
    const outcomes = [...read, ...failedFor("Poll Failed"), ...failedFor("Poll Retry Requested")];
    expect(outcomes.sort()).toEqual(planned);
    expect(planned).toHaveLength(48);
    // 16 of the 48 are ACK: each is cut by the deadline, the others are read.
    expect(result.snapshots.every((s) => s.cluster.provider !== "ack")).toBe(true);
    expect(result.snapshots).toHaveLength(32);
    const cut = result.failures.filter((f) => f.kind === "deadline");
    expect(cut.map((f) => f.cluster.provider)).toEqual(Array(16).fill("ack"));
  });

  it("lets a key's other requests go once the first attempt of its first request times out", async () => {
    // The first cluster, which the gate sends alone, never answers. All 48 may be in flight.
    const { env, start } = await fleet((first) => [{ kind: "timeout", clusterId: first }], {
      concurrency: { requestsPerSecond: 1000, perCredentialSet: 64 },
    });
    const shepherd = await loadShepherdConfig({ env });
    const hung = shepherd.clusters[0]?.ref.clusterId ?? "";
    const transport = createKeepAliveFetch();
    const sent: string[] = [];
    const result = await pollRun({ kind: "schedule", t: new Date(start) }, shepherd, {
      client: createSignedClient({
        fetch: (url, init) => {
          sent.push(url);
          return transport(url, init);
        },
        // Two attempts of 1 s, 990 ms apart (the client's own backoff at this draw).
        timeoutMs: 1_000,
        random: () => 0.99,
        retry: { maxAttempts: 2, baseDelayMs: 1000 },
      }),
      now: () => new Date(start + 5_000),
    });
    expect(result.snapshots.length + result.failures.length).toBe(48);
    expect(result.failures.find((f) => f.cluster.clusterId === hung)).toMatchObject({
      kind: "timeout",
      attempts: 2,
    });
    const hungAt = sent.flatMap((url, i) => (url.includes(`/${hung}/`) ? [i] : []));
    expect(hungAt[0]).toBe(0);
    // Every other cluster was asked before the hung one's second attempt: they waited for its
    // first attempt, not for its retries.
    const firstOf = shepherd.clusters
      .slice(1)
      .map((c) => sent.findIndex((url) => url.includes(`/${c.ref.clusterId}/`)));
    expect(Math.min(...firstOf)).toBeGreaterThan(0);
    expect(Math.max(...firstOf)).toBeLessThan(hungAt[1] ?? -1);
  });

  it("cuts the signed client's request in flight, and starts no further attempt", async () => {
    const demo = await loadScenario("demo");
    const h = await startDemo({
      scenario: { ...demo, faults: [{ kind: "timeout", latencyMs: 0, retryAfterSeconds: 0 }] },
    });
    sim = h.sim;
    const c = h.cluster("cce-success");
    const credentials = demo.credentials.find((k) => k.ak === c.credentials);
    if (!credentials) throw new Error("the demo's cluster has no key");
    const deadline = runDeadline(300);
    const began = performance.now();
    const call = h.client.request(
      {
        cloud: "huawei",
        operation: "ListUpgradeClusterTasks",
        method: "GET",
        endpoint: h.sim.url,
        path: `/api/v3/projects/${c.projectId}/clusters/${c.clusterId}/operation/upgrade/tasks`,
        credentials,
        projectId: c.projectId,
      },
      { signal: deadline.signal },
    );
    await expect(call).rejects.toBeInstanceOf(DeadlineError);
    // The client's own timeout is 10 s: the deadline, not the timeout, ended the call.
    expect(performance.now() - began).toBeLessThan(300 + SLACK_MS);
    expect(h.sim.requests.filter((r) => r.clusterId === c.clusterId)).toHaveLength(1);
  });

  it("takes Lambda's remaining time less the publishing margin, and none without a context", () => {
    expect(lambdaReadTime({ getRemainingTimeInMillis: () => 120_000 })).toBe(110_000);
    expect(lambdaReadTime({ getRemainingTimeInMillis: () => 4_000 })).toBe(0);
    expect(lambdaReadTime({})).toBeUndefined();
    expect(lambdaReadTime(undefined)).toBeUndefined();
  });
});
