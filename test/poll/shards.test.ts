import { describe, expect, it } from "vitest";
import type { ResolvedCluster } from "../../shared/config/resolveClusters.ts";
import { rateShares, shardOf } from "../../shared/poll/shards.ts";

const cluster = (id: string, credentials: string) =>
  ({ key: `cce/r/p/${id}`, credentials }) as unknown as ResolvedCluster;

describe("shards", () => {
  const fleet = [
    ...Array.from({ length: 6 }, (_, i) => cluster(`a${i}`, "only-in-first")),
    ...Array.from({ length: 6 }, (_, i) => cluster(`b${i}`, "everywhere")),
    ...Array.from({ length: 6 }, (_, i) => cluster(`c${i}`, "everywhere")),
  ].reverse();

  it("cut the inventory sorted by key into equal runs, the same every time", () => {
    const shards = [0, 1, 2].map((index) => shardOf(fleet, { index, count: 3 }).map((c) => c.key));
    expect(shards.flat().sort()).toEqual(fleet.map((c) => c.key).sort());
    expect(shards.map((s) => s.length)).toEqual([6, 6, 6]);
    expect(shards[0]?.[0]).toBe("cce/r/p/a0");
    expect(shardOf([...fleet].reverse(), { index: 1, count: 3 }).map((c) => c.key)).toEqual(
      shards[1],
    );
  });

  it("give each shard the share of a key's rate that its clusters of that key make up", () => {
    const shares = [0, 1, 2].map((index) => rateShares(shardOf(fleet, { index, count: 3 }), fleet));
    expect(shares[0]?.get("only-in-first")).toBe(1);
    expect(shares[0]?.get("everywhere")).toBeUndefined();
    expect(shares[1]?.get("everywhere")).toBe(0.5);
    expect(shares[2]?.get("everywhere")).toBe(0.5);
  });
});
