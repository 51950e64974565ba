import { describe, expect, it } from "vitest";
import { byClusterKey, clusterIdParts, clusterKey } from "../../shared/model/clusterIdentity.ts";

const cce = {
  provider: "cce",
  region: "cn-north-4",
  projectId: "0b1c2d3e4f",
  clusterId: "8978deaa-1743-11ee-8e46-0255ac10004c",
} as const;
const ack = {
  provider: "ack",
  region: "cn-hangzhou",
  clusterId: "c106f377e16f34eb1808d6b9362c9aaaa",
} as const;

describe("clusterKey", () => {
  it("spells provider/region/project/clusterId, with - for ACK's missing project", () => {
    expect(clusterKey(cce)).toBe("cce/cn-north-4/0b1c2d3e4f/8978deaa-1743-11ee-8e46-0255ac10004c");
    expect(clusterKey(ack)).toBe("ack/cn-hangzhou/-/c106f377e16f34eb1808d6b9362c9aaaa");
  });

  it("tells apart two clusters that differ only by Huawei project", () => {
    expect(clusterKey(cce)).not.toBe(clusterKey({ ...cce, projectId: "9f8e7d" }));
  });

  it("ignores the display name and labels", () => {
    const ref = { ...cce, name: "prod-a", labels: { team: "payments" } };
    expect(clusterKey(ref)).toBe(clusterKey(cce));
  });

  it("is the join of the parts the hashes use", () => {
    expect(clusterIdParts(ack)).toEqual(["ack", "cn-hangzhou", "-", ack.clusterId]);
    expect(clusterIdParts(cce).join("/")).toBe(clusterKey(cce));
  });

  it("orders clusters by key", () => {
    const sorted = [cce, ack, { ...cce, region: "af-south-1" }].sort(byClusterKey);
    expect(sorted.map(clusterKey)).toEqual([
      "ack/cn-hangzhou/-/c106f377e16f34eb1808d6b9362c9aaaa",
      "cce/af-south-1/0b1c2d3e4f/8978deaa-1743-11ee-8e46-0255ac10004c",
      "cce/cn-north-4/0b1c2d3e4f/8978deaa-1743-11ee-8e46-0255ac10004c",
    ]);
  });
});
