import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPollStatusHandler } from "../../functions/poll-status/createHandler.ts";
import { createTestClock, type TestClock } from "../../infra/local/simulator/clock.ts";
import { parseScenario } from "../../infra/local/simulator/loadScenario.ts";
import { type Simulator, startSimulator } from "../../infra/local/simulator/server.ts";
import { createSignedClient } from "../../shared/client/index.ts";
import { credentialsVariable } from "../../shared/config/loadCredentials.ts";
import type { EventBridgeLike } from "../../shared/events/publish.ts";
import {
  asBusEvent,
  type RecordedEvent,
  recordingBus,
  scheduledEvent,
} from "../helpers/recording-bus.ts";

// The real poll-status handler, signed client and simulator; EventBridge is the one fake (a
// recording client), as everywhere in these tests.
const MIN = 60_000;
const HW = { ak: "HWDISCOVERPOLL000001", sk: "hw-secret" };
const ALI = { ak: "ALIDISCOVERPOLL00001", sk: "ali-secret" };
const REVOKED = { ak: "ALIREVOKEDPOLL000001", sk: "revoked-secret" };
const START = "2025-01-15T02:00:00Z";
const T = new Date(Date.parse(START) + 10 * MIN);
const PROJECT = "0a1b2c3d4e5f40718293a4b5c6d7e8f9";
const running = {
  startAt: "7m",
  timeline: [{ phase: "upgrade", duration: "30m", progressTo: 50 }, { phase: "success" }],
};

const ack = (i: number, extra: Record<string, unknown> = {}) => ({
  provider: "ack",
  region: "cn-hangzhou",
  clusterId: `c${String(i).padStart(32, "0")}`,
  name: `ack-prod-${i}`,
  version: "1.30.1-aliyun.1",
  targetVersion: "1.31.1-aliyun.1",
  credentials: ALI.ak,
  tags: { env: "prod", team: `t${i % 3}` },
  ...extra,
});

let sim: Simulator;
let clock: TestClock;
beforeAll(async () => {
  const scenario = parseScenario({
    name: "discovery-poll",
    start: START,
    credentials: [HW, ALI],
    rejectedCredentials: [REVOKED],
    ackUpgradeTaskType: "cluster_upgrade",
    // The first read of cluster 2's tasks answers 503: its run asks for a re-read.
    faults: [
      {
        kind: "serverError",
        status: 503,
        operation: "DescribeClusterTasks",
        clusterId: `c${"2".padStart(32, "0")}`,
        count: 1,
      },
    ],
    clusters: [
      // Created at 02:06, inside the window of T = 02:10 ((02:03, 02:08] with a 2m lag).
      ack(1, { createdAt: "6m", upgrade: running }),
      ack(2),
      ack(3, { tags: { env: "dev" } }),
      ...Array.from({ length: 9 }, (_, i) => ack(10 + i)),
      // Listed in the config with its own labels, and matched by discovery too.
      ack(4),
      {
        provider: "cce",
        region: "cn-north-4",
        projectId: PROJECT,
        clusterId: "5e2d1c3a-cce0-11ef-9a01-0255ac100001",
        name: "cce-prod",
        version: "v1.28.3-r0",
        credentials: HW.ak,
        tags: { env: "prod" },
      },
      // Listed in the config, deleted an hour before the scenario starts.
      {
        provider: "cce",
        region: "cn-north-4",
        projectId: PROJECT,
        clusterId: "5e2d1c3a-cce0-11ef-9a01-0255ac10dead",
        name: "cce-gone",
        version: "v1.28.3-r0",
        credentials: HW.ak,
        deletedAt: "-1h",
      },
      // Created after the scheduled run: a shard re-run must not pick it up.
      ack(30, { createdAt: "12m" }),
    ],
  });
  clock = createTestClock(new Date(T.getTime() + 5_000));
  sim = await startSimulator({ scenario, clock });
});
afterAll(async () => {
  await sim.close();
});

const set = (name: string) => name;
function handler(
  eventBridge: EventBridgeLike,
  options: { shardSize?: number; broken?: boolean } = {},
) {
  const env: Record<string, string> = {
    [credentialsVariable("hw")]: JSON.stringify(HW),
    [credentialsVariable("ali")]: JSON.stringify(ALI),
    [credentialsVariable("revoked")]: JSON.stringify(REVOKED),
  };
  const config = {
    // 02:10 is the first run of its 10-minute bucket: repeat-bucket events fire in it.
    defaults: { repeat: "10m" },
    poll: {
      concurrency: { requestsPerSecond: 1000 },
      ackUpgradeTaskType: "cluster_upgrade",
      ...(options.shardSize ? { shardSize: options.shardSize } : {}),
    },
    discover: {
      cce: [
        {
          name: "huawei-prod",
          credentials: set("hw"),
          endpoint: sim.url,
          projects: [{ region: "cn-north-4", projectId: PROJECT }],
          filters: { tags: { env: "prod" } },
        },
      ],
      ack: [
        {
          name: "ali-prod",
          credentials: set("ali"),
          endpoint: sim.url,
          regions: ["cn-hangzhou"],
          filters: { tags: { env: "prod" } },
          labels: { fromTags: ["team"], set: { found: "discovery" } },
        },
        ...(options.broken
          ? [
              {
                name: "ali-old",
                credentials: set("revoked"),
                endpoint: sim.url,
                regions: ["cn-beijing"],
              },
            ]
          : []),
      ],
    },
    clusters: [
      {
        provider: "ack",
        region: "cn-hangzhou",
        clusterId: ack(4).clusterId,
        name: "listed-four",
        labels: { owner: "listed" },
        endpoint: sim.url,
        credentials: "ali",
      },
      {
        provider: "cce",
        region: "cn-north-4",
        projectId: PROJECT,
        clusterId: "5e2d1c3a-cce0-11ef-9a01-0255ac10dead",
        name: "cce-gone",
        endpoint: sim.url,
        credentials: "hw",
      },
    ],
  };
  return createPollStatusHandler({
    eventBridge,
    client: createSignedClient({ sleep: async () => {}, retry: { maxAttempts: 1 } }),
    config: { env: { ...env, SHEPHERD_CONFIG_JSON: JSON.stringify(config) } },
  });
}

/** The clusters whose upgrade APIs were read in the requests since `from`. */
const readSince = (from: number): string[] =>
  [
    ...new Set(
      sim.requests
        .slice(from)
        .filter((r) => r.operation !== "ListClusters" && r.operation !== "DescribeClustersV1")
        .map((r) => r.clusterId as string),
    ),
  ].sort();

let retryRequest: RecordedEvent | undefined;
const of = (events: RecordedEvent[], type: string) => events.filter((e) => e.detailType === type);

describe("a scheduled run discovers, then polls the merged inventory", () => {
  let events: RecordedEvent[];
  let read: string[];
  let summary: Record<string, unknown>;
  beforeAll(async () => {
    const bus = recordingBus();
    const from = sim.requests.length;
    summary = (await handler(bus, { broken: true })(scheduledEvent(T), {} as never)) as never;
    events = bus.events;
    read = readSince(from);
    retryRequest = of(events, "Poll Retry Requested")[0];
  });

  it("reads every discovered cluster the filters match, and the listed ones", () => {
    const expected = [
      ack(1).clusterId,
      ack(2).clusterId,
      ack(4).clusterId,
      ...Array.from({ length: 9 }, (_, i) => ack(10 + i).clusterId),
      "5e2d1c3a-cce0-11ef-9a01-0255ac100001",
      "5e2d1c3a-cce0-11ef-9a01-0255ac10dead",
    ].sort();
    expect(read).toEqual(expected);
    expect(read).not.toContain(ack(3).clusterId);
    expect(summary).toMatchObject({
      discovery: { sources: 3, matched: 13, failedSources: 1, inventory: 14 },
    });
  });

  it("announces the cluster created in the window once, with its source and rule", () => {
    const found = of(events, "Cluster Discovered");
    expect(found).toHaveLength(1);
    expect(found[0]?.detail).toMatchObject({
      severity: "info",
      cluster: {
        clusterId: ack(1).clusterId,
        labels: { found: "discovery", team: "t1" },
        source: "ali-prod",
      },
      trigger: { kind: "transition", at: "2025-01-15T02:06:00.000Z", from: "clusterCreatedAt" },
      source: { name: "ali-prod", provider: "ack", credentialSet: "ali" },
      rule: "tag env=prod",
      origin: "discovered",
    });
  });

  it("polls the discovered cluster like a listed one: its upgrade is announced, naming its source", () => {
    const started = of(events, "Upgrade Started");
    expect(started.map((e) => (e.detail.cluster as { clusterId: string }).clusterId)).toEqual([
      ack(1).clusterId,
    ]);
    expect(started[0]?.detail.cluster).toMatchObject({ source: "ali-prod" });
  });

  it("keeps one cluster for one both listed and discovered, with the listed settings", () => {
    const four = events.filter(
      (e) =>
        (e.detail.cluster as { clusterId?: string } | undefined)?.clusterId === ack(4).clusterId,
    );
    expect(
      sim.requests.filter(
        (r) => r.clusterId === ack(4).clusterId && r.operation === "DescribeClusterTasks",
      ).length,
    ).toBeGreaterThan(0);
    for (const e of four) {
      expect(e.detail.cluster).toEqual(
        expect.objectContaining({ name: "listed-four", labels: { owner: "listed" } }),
      );
    }
  });

  it("says a listed cluster the complete listing lacks is gone", () => {
    const gone = of(events, "Cluster Gone");
    expect(gone.map((e) => (e.detail.cluster as { name: string }).name)).toEqual(["cce-gone"]);
    expect(gone[0]?.detail).toMatchObject({ severity: "warning", source: { name: "huawei-prod" } });
  });

  it("a source that cannot be listed is one critical Discovery Failed, and the rest is polled", () => {
    const failed = of(events, "Discovery Failed");
    expect(failed).toHaveLength(1);
    expect(failed[0]?.detail).toMatchObject({
      severity: "critical",
      source: { name: "ali-old", credentialSet: "revoked" },
      failures: [{ region: "cn-beijing", kind: "auth", clustersFound: 0 }],
    });
    expect(read.length).toBe(14);
  });

  it("a retried scheduled run sends the same discovery events, ids included", async () => {
    const bus = recordingBus();
    await handler(bus, { broken: true })(scheduledEvent(T), {} as never);
    const ids = (es: RecordedEvent[]) =>
      es
        .filter((e) =>
          ["Cluster Discovered", "Cluster Gone", "Discovery Failed"].includes(e.detailType),
        )
        .map((e) => e.detail.id)
        .sort();
    expect(ids(bus.events)).toEqual(ids(events));
  });
});

describe("shards and retries read the set the scheduled run discovered", () => {
  it("cuts the sorted inventory into runs; each shard reads exactly its run, once, also when re-run later", async () => {
    const bus = recordingBus();
    const h = handler(bus, { shardSize: 4 });
    await h(scheduledEvent(T), {} as never);
    const requests = of(bus.events, "Poll Shard Requested");
    expect(requests.length).toBe(4);
    const reads: string[][] = [];
    for (const r of requests) {
      const from = sim.requests.length;
      await h(asBusEvent(r), {} as never);
      reads.push(readSince(from));
    }
    const all = reads.flat();
    expect(new Set(all).size).toBe(all.length);
    expect(all.sort()).toEqual(
      [
        ...[1, 2, 4, ...Array.from({ length: 9 }, (_, i) => 10 + i)].map((i) => ack(i).clusterId),
        "5e2d1c3a-cce0-11ef-9a01-0255ac100001",
        "5e2d1c3a-cce0-11ef-9a01-0255ac10dead",
      ].sort(),
    );
    // Later, a new cluster exists (created 02:12); Lambda re-runs shard 0 with the same event.
    clock.set(new Date(Date.parse(START) + 13 * MIN));
    const from = sim.requests.length;
    await h(asBusEvent(requests[0] as RecordedEvent), {} as never);
    expect(readSince(from)).toEqual(reads[0]);
    clock.set(new Date(T.getTime() + 5_000));
  });

  it("a discovered cluster whose read failed is re-read by the retry, resolved by its source", async () => {
    const target = ack(2).clusterId;
    expect(retryRequest?.detail).toMatchObject({
      attempt: 2,
      clusters: [
        { clusterId: target, source: "ali-prod", labels: { found: "discovery", team: "t2" } },
      ],
    });
    const from = sim.requests.length;
    const out = (await handler(recordingBus())(
      asBusEvent(retryRequest as RecordedEvent),
      {} as never,
    )) as Record<string, unknown>;
    expect(readSince(from)).toEqual([target]);
    expect(out).toMatchObject({ trigger: "retry", attempt: 2, clustersRead: 1, errors: 0 });
  });
});
