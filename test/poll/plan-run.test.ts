import { describe, expect, it } from "vitest";
import { createSignedClient } from "../../shared/client/index.ts";
import { CredentialSets } from "../../shared/config/credentialSets.ts";
import { parseConfig } from "../../shared/config/parseConfig.ts";
import { resolveClusters } from "../../shared/config/resolveClusters.ts";
import { windowFor } from "../../shared/decide/windowFor.ts";
import { ConfigError } from "../../shared/errors.ts";
import { planRun } from "../../shared/poll/planRun.ts";
import { pollRun } from "../../shared/poll/pollRun.ts";

// planRun is pure: a trigger and the config in, the invocation's plan out. No network.
const MIN = 60_000;
const T = new Date("2025-03-01T10:15:00.000Z");

const config = parseConfig(
  {
    defaults: { pollInterval: "5m", lag: "2m" },
    poll: { readRetry: { attempts: 2 } },
    clusters: [
      { provider: "cce", region: "cn-north-4", projectId: "p1", clusterId: "a", credentials: "hw" },
      {
        provider: "cce",
        region: "cn-north-4",
        projectId: "p1",
        clusterId: "b",
        credentials: "hw",
        overrides: { pollInterval: "10m", lag: "1m" },
      },
      { provider: "ack", region: "cn-hangzhou", clusterId: "c", credentials: "ali" },
      { provider: "ack", region: "cn-hangzhou", clusterId: "d", credentials: "ali" },
    ],
  },
  { env: {} },
);
const inventory = resolveClusters(config);
const ref = (id: string) => inventory.find((c) => c.ref.clusterId === id)?.ref;
const ids = (plan: ReturnType<typeof planRun>) => plan.clusters.map((c) => c.cluster.clusterId);

describe("planRun", () => {
  it("reads the inventory on the schedule, each cluster in its own window; a longer interval only on its grid", () => {
    const plan = planRun({ kind: "schedule", t: T }, config, inventory);
    // 10:15 is not on the 10-minute grid: cluster b waits for 10:20.
    expect(ids(plan)).toEqual(["a", "c", "d"]);
    expect(plan).toMatchObject({ attempt: 1, retriesLeft: 2, shard: null, carriedDue: 0 });
    expect(plan.window).toEqual(windowFor(T, 5 * MIN, 2 * MIN));
    const at20 = planRun(
      { kind: "schedule", t: new Date(T.getTime() + 5 * MIN) },
      config,
      inventory,
    );
    expect(at20.clusters.find((c) => c.cluster.clusterId === "b")?.window).toEqual(
      windowFor(new Date(T.getTime() + 5 * MIN), 10 * MIN, 1 * MIN),
    );
    expect(plan.clusters[0]?.policy).toMatchObject({ pollInterval: 5 * MIN, lag: 2 * MIN });
  });

  it("re-reads exactly the clusters a retry lists that are still configured, with its window, attempt and count", () => {
    const window = windowFor(T, 5 * MIN, 2 * MIN);
    const gone = { provider: "ack" as const, region: "cn-hangzhou", clusterId: "gone", labels: {} };
    const plan = planRun(
      {
        kind: "retry",
        detail: {
          id: "0".repeat(32),
          severity: "debug",
          window,
          attempt: 3,
          clusters: [ref("b"), ref("c"), gone].filter((c) => c !== undefined),
          failures: [],
          shard: { index: 1, count: 2 },
          clustersDueForCancel: 4,
        },
      },
      config,
      inventory,
    );
    // A retry reads its clusters whatever their grid: b was read in the run it re-reads.
    expect(ids(plan)).toEqual(["b", "c"]);
    expect(plan).toMatchObject({
      window,
      attempt: 3,
      retriesLeft: 0,
      shard: { index: 1, count: 2 },
      carriedDue: 4,
    });
  });

  it("reads a shard's slice, paced to the shard's share of each key", () => {
    const window = windowFor(T, 5 * MIN, 2 * MIN);
    const shard = { index: 0, count: 2 };
    const plan = planRun(
      { kind: "shard", detail: { id: "0".repeat(32), severity: "debug", window, shard } },
      config,
      inventory,
    );
    // Sorted by key, ACK first: shard 0 holds c and d, the two clusters of key `ali`.
    expect(ids(plan)).toEqual(["c", "d"]);
    expect(plan.limits.shareOf?.("ali")).toBe(1);
    expect(plan.shard).toEqual(shard);
  });
});

describe("pollRun with a credential set that did not load", () => {
  it("reports its clusters as `credentials` failures, sends nothing, and asks to read them again", async () => {
    const credentials = new CredentialSets([
      ["hw", new ConfigError("credentials.hw", "secret upgrade-shepherd/hw not found")],
      ["ali", new ConfigError("credentials.ali", "secret upgrade-shepherd/ali not found")],
    ]);
    let sent = 0;
    const result = await pollRun(
      { kind: "schedule", t: T },
      { config, clusters: inventory, credentials },
      {
        client: createSignedClient({
          fetch: async () => {
            sent++;
            throw new Error("no request should be sent");
          },
        }),
        now: () => T,
      },
    );
    expect(sent).toBe(0);
    expect(result.failures.map((f) => [f.cluster.clusterId, f.kind, f.code])).toEqual([
      ["a", "credentials", null],
      ["c", "credentials", null],
      ["d", "credentials", null],
    ]);
    expect(result.events.map((e) => e.detailType)).toEqual(["Poll Retry Requested"]);
  });
});
