import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestClock } from "../../infra/local/simulator/clock.ts";
import { generateScenario } from "../../infra/local/simulator/generateScenario.ts";
import { type Simulator, startSimulator } from "../../infra/local/simulator/server.ts";
import { createSignedClient } from "../../shared/client/index.ts";
import { parseConfig } from "../../shared/config/parseConfig.ts";
import { discoverFleet } from "../../shared/discover/discoverFleet.ts";

// Issue 17, "Scale": a source with 2,000 clusters across 4 regions is listed within the pace
// limits of its credential set. The simulator's gateway answers 429 over 20 requests a second
// (burst 20) per key, as the gateways throttle per account; the credential set is paced at the
// same 20. The real signed client and the real simulator; nothing is mocked.
const REGIONS = ["cn-hangzhou", "cn-shanghai", "cn-beijing", "cn-shenzhen"];
const RATE = 20;

function fleet(provider: "ack" | "cce") {
  let sim: Simulator;
  const scenario = generateScenario({
    count: 2000,
    seed: 17,
    providers: [provider],
    regions: REGIONS,
  });
  beforeAll(async () => {
    sim = await startSimulator({
      scenario,
      clock: createTestClock(new Date(scenario.start)),
      rateLimit: { requestsPerSecond: RATE, burst: RATE },
      recordRequests: true,
    });
  });
  afterAll(async () => {
    await sim.close();
  });
  return {
    sim: () => sim,
    key: scenario.credentials[0] as { ak: string; sk: string },
    projects: [...new Set(scenario.clusters.map((c) => `${c.region}|${c.projectId}`))].map((p) => {
      const [region, projectId] = p.split("|");
      return { region, projectId };
    }),
  };
}

async function list(discover: Record<string, unknown>, key: { ak: string; sk: string }) {
  const config = parseConfig(
    { poll: { concurrency: { requestsPerSecond: RATE } }, discover },
    { env: {} },
  );
  const started = Date.now();
  const found = await discoverFleet(config, [], {
    client: createSignedClient(),
    credentials: { get: () => key },
  });
  return { found, wallMs: Date.now() - started };
}

describe("2,000 ACK clusters in 4 regions, one account", () => {
  const f = fleet("ack");
  it("are listed in 40 pages, with no 429, in about 2 s at 20 requests a second", async () => {
    const sim = f.sim();
    const { found, wallMs } = await list(
      { ack: [{ name: "ali", credentials: "ali", endpoint: sim.url, regions: REGIONS }] },
      f.key,
    );
    expect(found.failed).toEqual([]);
    expect(found.inventory).toHaveLength(2000);
    expect(
      found.listings[0]?.scopes.map((s) => [s.scope.region, s.clusters.length, s.pages]),
    ).toEqual(REGIONS.map((r) => [r, 500, 10]));
    const sent = sim.requests.filter((r) => r.operation === "DescribeClustersV1");
    expect(sent).toHaveLength(40);
    expect(sent.filter((r) => r.status === 429 || r.errorCode?.includes("Throttling"))).toEqual([]);
    // 40 requests at 20 a second, the first burst free: at least 1.5 s, and bounded.
    expect(wallMs).toBeGreaterThanOrEqual(1400);
    expect(wallMs).toBeLessThan(10_000);
  });
});

describe("2,000 CCE clusters in 4 regions, 28 projects", () => {
  const f = fleet("cce");
  it("are listed in one request per project, with no 429", async () => {
    const sim = f.sim();
    const { found, wallMs } = await list(
      { cce: [{ name: "hw", credentials: "hw", endpoint: sim.url, projects: f.projects }] },
      f.key,
    );
    expect(found.failed).toEqual([]);
    expect(found.inventory).toHaveLength(2000);
    const sent = sim.requests.filter((r) => r.operation === "ListClusters");
    expect(sent).toHaveLength(f.projects.length);
    expect(f.projects.length).toBe(28);
    expect(sent.filter((r) => r.status === 429)).toEqual([]);
    expect(wallMs).toBeLessThan(10_000);
  });
});
