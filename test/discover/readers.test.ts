import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestClock } from "../../infra/local/simulator/clock.ts";
import { parseScenario } from "../../infra/local/simulator/loadScenario.ts";
import { type Simulator, startSimulator } from "../../infra/local/simulator/server.ts";
import { createSignedClient } from "../../shared/client/index.ts";
import {
  DiscoverFiltersSchema,
  DiscoverLimitsSchema,
  LabelRuleSchema,
} from "../../shared/config/discoverConfig.ts";
import type { DiscoverySource } from "../../shared/discover/discoverySource.ts";
import { listSources } from "../../shared/discover/listSources.ts";
import { ConfigError } from "../../shared/errors.ts";
import { CredentialGate } from "../../shared/poll/credentialGate.ts";
import { LimitedClients } from "../../shared/poll/limitedClient.ts";

// The real signed client against the real simulator over 127.0.0.1; nothing is mocked.
const HW = { ak: "HWDISCOVERAK000000001", sk: "hw-discover-secret" };
const ALI = { ak: "ALIDISCOVERAK0000001", sk: "ali-discover-secret" };
const OTHER = { ak: "ALIOTHERACCOUNT00001", sk: "ali-other-secret" };
const START = "2025-01-15T02:00:00Z";
const PROJECT = "0a1b2c3d4e5f40718293a4b5c6d7e8f9";

const ackClusters = Array.from({ length: 120 }, (_, i) => ({
  provider: "ack",
  region: i < 110 ? "cn-hangzhou" : "cn-beijing",
  clusterId: `c${String(i).padStart(32, "0")}`,
  name: `ack-${i}`,
  version: "1.30.1-aliyun.1",
  credentials: ALI.ak,
  tags: { env: i % 2 === 0 ? "prod" : "dev" },
}));

let sim: Simulator;
beforeAll(async () => {
  const scenario = parseScenario({
    name: "discovery-readers",
    start: START,
    credentials: [HW, ALI, OTHER],
    faults: [{ kind: "throttle", operation: "ListClusters", provider: "cce-autopilot", count: 1 }],
    clusters: [
      {
        provider: "cce",
        region: "cn-north-4",
        projectId: PROJECT,
        clusterId: "5e2d1c3a-cce0-11ef-9a01-0255ac100001",
        name: "cce-tagged",
        version: "v1.28.3-r0",
        credentials: HW.ak,
        tags: { env: "prod", team: "payments" },
        createdAt: "-2h",
      },
      {
        provider: "cce",
        region: "cn-north-4",
        projectId: PROJECT,
        clusterId: "5e2d1c3a-cce0-11ef-9a01-0255ac100002",
        name: "cce-future",
        version: "v1.28.3-r0",
        credentials: HW.ak,
        createdAt: "1h",
      },
      {
        provider: "cce",
        region: "cn-north-4",
        projectId: PROJECT,
        clusterId: "5e2d1c3a-cce0-11ef-9a01-0255ac100003",
        name: "cce-deleted",
        version: "v1.28.3-r0",
        credentials: HW.ak,
        deletedAt: "-1m",
      },
      {
        provider: "cce-autopilot",
        region: "cn-north-4",
        projectId: PROJECT,
        clusterId: "6f3e2d4b-cce1-11ef-9a01-0255ac100004",
        name: "autopilot-a",
        version: "v1.29.1-r0",
        credentials: HW.ak,
      },
      ...ackClusters,
      {
        provider: "ack",
        region: "cn-hangzhou",
        clusterId: "cotheraccount000000000000000000001",
        name: "not-mine",
        version: "1.30.1-aliyun.1",
        credentials: OTHER.ak,
      },
    ],
  });
  const clock = createTestClock(new Date(START));
  sim = await startSimulator({ scenario, clock });
});
afterAll(async () => {
  await sim.close();
});

function source(
  over: Partial<DiscoverySource> & Pick<DiscoverySource, "provider">,
): DiscoverySource {
  return {
    name: "s",
    credentials: over.provider === "ack" ? "ali" : "hw",
    account: undefined,
    scopes: [],
    filters: DiscoverFiltersSchema.parse({}),
    labels: LabelRuleSchema.parse({}),
    overrides: {},
    ...over,
  };
}

function deps(options: { maxPages?: number; timeoutMs?: number } = {}) {
  const clients = new LimitedClients(
    createSignedClient({ sleep: async () => {}, retry: { maxAttempts: 3 } }),
    new CredentialGate(),
    { perProvider: 64, perCredentialSet: 16 },
  );
  const keys: Record<string, { ak: string; sk: string }> = { hw: HW, ali: ALI };
  return {
    clientFor: (p: string, c: string) => clients.for(p, c),
    credentials: (name: string) => {
      const k = keys[name];
      if (!k) throw new ConfigError("credentials", `credential set "${name}" was not loaded`);
      return k;
    },
    now: Date.now,
    limits: DiscoverLimitsSchema.parse({
      maxPages: options.maxPages ?? 200,
      timeout: options.timeoutMs !== undefined ? options.timeoutMs / 1000 : "60s",
    }),
  };
}

const scope = (region: string, projectId?: string) => ({
  region,
  ...(projectId ? { projectId } : {}),
  endpoint: sim.url,
});

describe("CCE ListClusters and Autopilot ListAutopilotClusters, through the signed client", () => {
  it("lists the project's clusters with their tags, type words, version, state and creation time", async () => {
    const [listing] = await listSources(
      [source({ provider: "cce", scopes: [scope("cn-north-4", PROJECT)] })],
      deps(),
    );
    const scoped = listing?.scopes[0];
    expect(scoped?.complete).toBe(true);
    expect(scoped?.pages).toBe(1);
    expect(scoped?.clusters).toEqual([
      {
        provider: "cce",
        region: "cn-north-4",
        projectId: PROJECT,
        clusterId: "5e2d1c3a-cce0-11ef-9a01-0255ac100001",
        name: "cce-tagged",
        tags: { env: "prod", team: "payments" },
        typeWords: ["CCE", "VirtualMachine", "cce.s2.small"],
        version: "v1.28.3-r0",
        state: "Available",
        createdAt: "2025-01-15T00:00:00.000Z",
      },
    ]);
    const sent = sim.requests.filter((r) => r.operation === "ListClusters" && r.provider === "cce");
    expect(sent.at(-1)?.path).toBe(`/api/v3/projects/${PROJECT}/clusters`);
  });

  it("lists Autopilot on its own prefix, and a throttled answer is retried, not a failure", async () => {
    const [listing] = await listSources(
      [source({ provider: "cce-autopilot", scopes: [scope("cn-north-4", PROJECT)] })],
      deps(),
    );
    expect(listing?.scopes[0]?.failure).toBeNull();
    expect(listing?.scopes[0]?.clusters.map((c) => c.name)).toEqual(["autopilot-a"]);
    const sent = sim.requests.filter((r) => r.provider === "cce-autopilot");
    expect(sent.map((r) => [r.path, r.status])).toEqual([
      [`/autopilot/v3/projects/${PROJECT}/clusters`, 429],
      [`/autopilot/v3/projects/${PROJECT}/clusters`, 200],
    ]);
  });
});

describe("ACK DescribeClustersV1: paged, per region, per account", () => {
  it("reads every page of a region (50 a page), and only that region and account", async () => {
    const before = sim.requests.length;
    const [listing] = await listSources(
      [source({ provider: "ack", scopes: [scope("cn-hangzhou")] })],
      deps(),
    );
    const scoped = listing?.scopes[0];
    expect(scoped?.complete).toBe(true);
    expect(scoped?.pages).toBe(3);
    expect(scoped?.clusters).toHaveLength(110);
    expect(new Set(scoped?.clusters.map((c) => c.region))).toEqual(new Set(["cn-hangzhou"]));
    expect(scoped?.clusters.some((c) => c.name === "not-mine")).toBe(false);
    expect(scoped?.clusters[0]).toMatchObject({
      typeWords: ["ManagedKubernetes", "Default", "ack.pro.small"],
      tags: { env: "prod" },
    });
    const pages = sim.requests.slice(before).map((r) => r.path);
    expect(pages).toEqual(["/api/v1/clusters", "/api/v1/clusters", "/api/v1/clusters"]);
  });

  it("stops at maxPages and reports the region incomplete, keeping what it read", async () => {
    const [listing] = await listSources(
      [source({ provider: "ack", scopes: [scope("cn-hangzhou"), scope("cn-beijing")] })],
      deps({ maxPages: 2 }),
    );
    const [hangzhou, beijing] = listing?.scopes ?? [];
    expect(hangzhou?.complete).toBe(false);
    expect(hangzhou?.clusters).toHaveLength(100);
    expect(hangzhou?.failure).toMatchObject({ kind: "pages", operation: "DescribeClustersV1" });
    expect(beijing?.complete).toBe(true);
    expect(beijing?.clusters).toHaveLength(10);
  });

  it("a refused key fails its source once; another source, and a missing credential set, fail alone", async () => {
    const refused = source({
      name: "refused",
      provider: "ack",
      credentials: "revoked",
      scopes: [scope("cn-hangzhou"), scope("cn-beijing")],
    });
    const fine = source({ name: "fine", provider: "ack", scopes: [scope("cn-beijing")] });
    const d = deps();
    const results = await listSources([refused, fine], {
      ...d,
      credentials: (name) =>
        name === "revoked" ? { ak: "ALIREVOKED0000000001", sk: "x" } : d.credentials(name),
    });
    const [bad, good] = results;
    expect(bad?.scopes.map((s) => s.failure?.kind)).toEqual(["auth", "auth"]);
    expect(bad?.scopes.map((s) => s.complete)).toEqual([false, false]);
    // One attempt for the key: the gate kept the second region's request from the cloud.
    expect(sim.requests.filter((r) => r.ak === "ALIREVOKED0000000001")).toHaveLength(1);
    expect(good?.scopes[0]?.clusters).toHaveLength(10);
    const [missing] = await listSources(
      [source({ provider: "ack", credentials: "nowhere", scopes: [scope("cn-beijing")] })],
      d,
    );
    expect(missing?.scopes[0]?.failure).toMatchObject({
      kind: "credentials",
      code: "CredentialsNotLoaded",
    });
  });

  it("a listing the run's time runs out on is incomplete, kind deadline, with the pages it read", async () => {
    const [listing] = await listSources(
      [source({ provider: "ack", scopes: [scope("cn-hangzhou")] })],
      {
        ...deps(),
        now: (() => {
          let t = 0;
          return () => (t += 40_000);
        })(),
      },
    );
    expect(listing?.scopes[0]?.complete).toBe(false);
    expect(listing?.scopes[0]?.failure?.kind).toBe("deadline");
    expect(listing?.scopes[0]?.clusters).toHaveLength(50);
  });
});
