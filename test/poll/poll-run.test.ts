import { afterEach, describe, expect, it } from "vitest";
import { configForSimulator } from "../../infra/local/simConfig.ts";
import { describeSimulator } from "../../infra/local/simulator/cli.ts";
import { createTestClock } from "../../infra/local/simulator/clock.ts";
import { loadScenario } from "../../infra/local/simulator/loadScenario.ts";
import { type Simulator, startSimulator } from "../../infra/local/simulator/server.ts";
import { createSignedClient } from "../../shared/client/index.ts";
import { credentialNames, loadCredentialsFromEnv } from "../../shared/config/loadCredentials.ts";
import { parseConfig } from "../../shared/config/parseConfig.ts";
import { resolveClusters } from "../../shared/config/resolveClusters.ts";
import type { ShepherdEvent } from "../../shared/events/shepherdEvent.ts";
import { renderPagerDuty } from "../../shared/notify/channels/pagerduty.ts";
import { pollRun } from "../../shared/poll/pollRun.ts";

// pollRun over the demo on loopback, with per-cluster interval and lag overrides, so clusters
// are judged in different windows within one run.
const MIN = 60_000;
let sim: Simulator | undefined;
afterEach(async () => {
  await sim?.close();
});

async function run(
  overrides: Record<string, Record<string, unknown>>,
  wrongKey = false,
  poll: Record<string, unknown> = {},
) {
  const scenario = await loadScenario("demo");
  const start = Date.parse(scenario.start);
  sim = await startSimulator({
    scenario,
    clock: createTestClock(new Date(start + 20 * MIN + 5_000)),
  });
  const generated = configForSimulator(describeSimulator(sim) as never, { overrides, poll });
  const config = parseConfig(generated.config);
  const clusters = resolveClusters(config);
  const env = { ...generated.env };
  if (wrongKey) {
    for (const k of Object.keys(env)) {
      if (k.endsWith("DEMOHUAWEIAK0000000001"))
        env[k] = JSON.stringify({ ak: "DEMOHUAWEIAK0000000001", sk: "wrong" });
    }
  }
  const before = sim.requests.length;
  const started = performance.now();
  const result = await pollRun(
    { kind: "schedule", t: new Date(start + 20 * MIN) },
    { config, clusters, credentials: loadCredentialsFromEnv(credentialNames(clusters), env) },
    { client: createSignedClient({ sleep: async () => {} }), now: () => new Date() },
  );
  return { result, sent: sim.requests.slice(before), elapsedMs: performance.now() - started };
}

describe("one poll run across windows", () => {
  it("counts the clusters due for cancel across the whole run, whatever their window", async () => {
    const { result } = await run({ "cce-dryrun-fail": { lag: "1m" } });
    const windows = new Set(result.plan.clusters.map((c) => JSON.stringify(c.window)));
    expect(windows.size).toBe(2);
    const cancels = result.events.filter((e) => e.detailType === "Cancel Due");
    expect(
      cancels.map((e) => (e.detail as { clustersDueForCancel: number }).clustersDueForCancel),
    ).toEqual([2, 2]);
  });

  it("sends one request with a refused key shared across windows, and one Poll Failed for it", async () => {
    const { result, sent } = await run(
      { "cce-dryrun-fail": { lag: "1m" }, "cce-stall": { lag: "3m" } },
      true,
    );
    expect(sent.filter((r) => r.ak === "DEMOHUAWEIAK0000000001")).toHaveLength(1);
    const pollFailed = result.events.filter((e) => e.detailType === "Poll Failed");
    const ids = pollFailed.map((e) => e.detail.id);
    expect(new Set(ids).size).toBe(ids.length);
    const forKey = pollFailed.find(
      (e) =>
        (e.detail as { failure: { credentialSet: string } }).failure.credentialSet ===
        "demohuaweiak0000000001",
    );
    expect(
      (forKey?.detail as { affectedClusters: unknown[] } | undefined)?.affectedClusters,
    ).toHaveLength(4);
  });

  it("resolves the refused key's page in the first run the key works again, from the key's name alone", async () => {
    const SET = "demohuaweiak0000000001";
    const refused = await run({}, true);
    const page = refused.result.events.find(
      (e) =>
        e.detailType === "Poll Failed" &&
        e.detail.severity === "critical" &&
        (e.detail as { failure: { credentialSet: string } }).failure.credentialSet === SET,
    );
    if (!page) throw new Error("the refused key raised no critical Poll Failed");
    const acceptedSets = (events: ShepherdEvent[]) =>
      events
        .filter((e) => e.detailType === "Credentials Accepted")
        .map((e) => (e.detail as { credentialSet: string }).credentialSet);
    expect(acceptedSets(refused.result.events)).not.toContain(SET);
    await sim?.close();

    const fixed = await run({});
    expect(acceptedSets(fixed.result.events)).toContain(SET);
    const resolve = fixed.result.events
      .filter((e) => e.detailType === "Credentials Accepted")
      .flatMap((e) => renderPagerDuty(e))
      .find((body) => body.dedup_key === renderPagerDuty(page)[0]?.dedup_key);
    expect(resolve).toEqual({
      event_action: "resolve",
      dedup_key: renderPagerDuty(page)[0]?.dedup_key,
    });
  });

  it("paces each credential set's requests to its rate", async () => {
    const { sent, elapsedMs } = await run({}, false, {
      concurrency: { requestsPerSecond: 20 },
    });
    const byKey = new Map<string, number>();
    for (const r of sent) byKey.set(r.ak ?? "", (byKey.get(r.ak ?? "") ?? 0) + 1);
    const busiest = Math.max(...byKey.values());
    expect(busiest).toBeGreaterThan(5);
    // At 20 a second, a burst of 5 may start at once; the rest start 50 ms apart.
    expect(elapsedMs).toBeGreaterThanOrEqual((busiest - 5) * 50);
  });

  it("reads a cluster with a longer interval only in runs on its own grid", async () => {
    const { result } = await run({ "cce-stall": { pollInterval: "15m" } });
    // T = 20m is not on the 15-minute grid: cce-stall is not read in this run.
    expect(result.snapshots.map((s) => s.cluster.name)).not.toContain("cce-stall");
    expect(result.snapshots).toHaveLength(5);
  });
});
