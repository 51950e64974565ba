import { describe, expect, it } from "vitest";
import { windowFor } from "../../shared/decide/windowFor.ts";
import type { InventoryCluster } from "../../shared/discover/inventory.ts";
import { shardRequests } from "../../shared/discover/shardRequests.ts";
import type { SourceListing } from "../../shared/discover/sourceListing.ts";
import { CUT_TO_BYTES, entrySize } from "../../shared/events/fitEntry.ts";
import { toPutEventsEntry } from "../../shared/events/toPutEventsEntry.ts";
import {
  DISCOVERY_LISTINGS,
  DISCOVERY_T0,
  judgeFixture,
  NEW_CCE,
} from "../helpers/discoveryFixtures.ts";

const MIN = 60_000;
const types = (events: { detailType: string }[]) => events.map((e) => e.detailType).sort();

describe("judgeDiscovery: edges without memory", () => {
  it("in the fixture's run: one Discovered, one Gone, one critical Discovery Failed", () => {
    const { events } = judgeFixture();
    expect(types(events)).toEqual(["Cluster Discovered", "Cluster Gone", "Discovery Failed"]);
    const failed = events.find((e) => e.detailType === "Discovery Failed");
    expect(failed?.detail).toMatchObject({
      severity: "critical",
      failures: [{ region: "cn-shanghai", kind: "auth", code: "InvalidAccessKeyId.NotFound" }],
    });
  });

  it.each([
    ["at the window's end (included)", 1, DISCOVERY_T0 - 2 * MIN],
    ["at the window's start (excluded)", 0, DISCOVERY_T0 - 7 * MIN],
    ["before the window", 0, DISCOVERY_T0 - 30 * MIN],
    ["after the window (the next run's)", 0, DISCOVERY_T0 - MIN],
  ])("a cluster created %s is announced %i time(s)", (_, count, at) => {
    const listings = withNew({ ...NEW_CCE, createdAt: new Date(at).toISOString() });
    const found = judgeFixture(listings).events.filter(
      (e) => e.detailType === "Cluster Discovered",
    );
    expect(found).toHaveLength(count);
  });

  it("a cluster with no readable creation time is watched, and not announced", () => {
    const { events, inventory } = judgeFixture(withNew({ ...NEW_CCE, createdAt: null }));
    expect(events.some((e) => e.detailType === "Cluster Discovered")).toBe(false);
    expect(inventory.some((c) => c.ref.clusterId === NEW_CCE.clusterId)).toBe(true);
  });

  it("an incomplete listing judges no absence, and a failed list empties nothing", () => {
    const incomplete: SourceListing[] = DISCOVERY_LISTINGS.map((l, i) =>
      i === 0
        ? {
            ...l,
            scopes: l.scopes.map((s) => ({
              ...s,
              complete: false,
              failure: {
                kind: "throttle",
                operation: "ListClusters",
                status: 429,
                code: "APIG.0308",
                message: "throttled",
                requestId: null,
              },
            })),
          }
        : l,
    );
    const { events, inventory } = judgeFixture(incomplete);
    expect(events.some((e) => e.detailType === "Cluster Gone")).toBe(false);
    // The cluster it did list is still watched; the listed one too.
    expect(inventory.map((c) => c.ref.name).sort()).toEqual(["legacy-a", "payments-prod-eu"]);
    const failed = events.filter((e) => e.detailType === "Discovery Failed");
    expect(failed.map((e) => [e.detail.source.name, e.detail.severity])).toEqual([
      ["huawei-prod", "warning"],
      ["ali-prod", "critical"],
    ]);
  });

  it("Gone and Discovery Failed fire once per repeat bucket: the next run says nothing new, the next bucket the same", () => {
    const at = (t: number) => judgeFixture(DISCOVERY_LISTINGS, t).events;
    const first = at(DISCOVERY_T0);
    const next = at(DISCOVERY_T0 + 5 * MIN);
    expect(next.some((e) => e.detailType === "Cluster Gone")).toBe(false);
    // Discovery Failed fires in every failing run, with the bucket's id.
    const id = (es: typeof first) => es.find((e) => e.detailType === "Discovery Failed")?.detail.id;
    expect(id(next)).toBe(id(first));
    const later = at(DISCOVERY_T0 + 60 * MIN);
    expect(later.some((e) => e.detailType === "Cluster Gone")).toBe(true);
    expect(id(later)).not.toBe(id(first));
  });
});

function withNew(cluster: typeof NEW_CCE): SourceListing[] {
  return DISCOVERY_LISTINGS.map((l, i) =>
    i === 0 ? { ...l, scopes: l.scopes.map((s) => ({ ...s, clusters: [cluster] })) } : l,
  );
}

describe("shardRequests: each run fits EventBridge, and the runs cut the sorted inventory", () => {
  const window = windowFor(new Date(DISCOVERY_T0), 5 * MIN, 2 * MIN);
  const labels = Object.fromEntries(
    Array.from({ length: 50 }, (_, i) => [`key-${i}`, "v".repeat(200)]),
  );
  const inventory: InventoryCluster[] = Array.from({ length: 1000 }, (_, i) => {
    const id = `c${String(i).padStart(32, "0")}`;
    return {
      key: `ack/cn-hangzhou/-/${id}`,
      ref: {
        provider: "ack",
        region: "cn-hangzhou",
        clusterId: id,
        name: `n${i}`,
        labels,
        source: "ali",
      },
      endpoint: "https://cs.cn-hangzhou.aliyuncs.com",
      credentials: i % 2 === 0 ? "ali" : "ali-2",
      policy: {} as InventoryCluster["policy"],
      healthProbes: [],
      origin: "discovered",
    };
  });

  it("cuts into more, smaller runs when the labels would not fit, and loses or repeats no cluster", () => {
    const events = shardRequests(window, inventory, [], 500, "bus");
    expect(events.length).toBeGreaterThan(2);
    for (const e of events)
      expect(entrySize(toPutEventsEntry(e, "bus"))).toBeLessThanOrEqual(CUT_TO_BYTES);
    const carried = events.flatMap((e) => e.detail.discovered ?? []).map((c) => c.clusterId);
    expect(carried).toEqual(inventory.map((c) => c.ref.clusterId));
    for (const [i, e] of events.entries()) {
      expect(e.detail.shard).toEqual({ index: i, count: events.length });
      const next = events[i + 1];
      if (next) expect((e.detail.range?.last ?? "") < (next.detail.range?.first ?? "")).toBe(true);
    }
    // Each key's shares add up to the whole key across the runs.
    const total = events.reduce((n, e) => n + (e.detail.shares?.ali ?? 0), 0);
    expect(total).toBeCloseTo(1, 10);
  });

  it("is the same events, ids included, for the same inventory", () => {
    expect(shardRequests(window, inventory, [], 500, "bus")).toEqual(
      shardRequests(window, inventory, [], 500, "bus"),
    );
  });
});
