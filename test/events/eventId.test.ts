import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  autoActionsSuspendedId,
  clusterEventId,
  EVENT_ID_PATTERN,
  hashId,
  ID_RECIPE,
  outcomeEventId,
} from "../../shared/events/eventId.ts";

const cluster = {
  provider: "cce",
  region: "cn-north-4",
  projectId: "p1",
  clusterId: "c1",
} as const;
/** The recipe as docs/events.md states it, computed here without the product's code. */
const sha = (parts: unknown[]): string =>
  createHash("sha256").update(JSON.stringify(parts)).digest("hex").slice(0, 32);
const key = ["at", "2025-03-01T09:55:00.000Z"];

describe("event ids", () => {
  it("are 32 lowercase hex characters, and the same for the same parts", () => {
    const id = clusterEventId(cluster, "u1", "Upgrade Started", key);
    expect(id).toMatch(EVENT_ID_PATTERN);
    expect(clusterEventId(cluster, "u1", "Upgrade Started", key)).toBe(id);
  });

  it("pin the recipe: sha256 of the JSON parts after the version, truncated", () => {
    expect(ID_RECIPE).toBe("upgrade-shepherd/v2");
    expect(hashId(["a", 1])).toBe("36be1eb9c2f9b70154bf188c1e6d33a4");
    // v1's id for the same parts: the version bump never reuses one.
    expect(hashId(["a", 1])).not.toBe("35a8a3fde009215a8be487dbdf0c2f35");
    expect(hashId(["a", 1], "upgrade-shepherd/v1")).toBe("35a8a3fde009215a8be487dbdf0c2f35");
  });

  it("hash the cluster's whole identity, project included (v2)", () => {
    expect(clusterEventId(cluster, "u1", "Upgrade Started", key)).toBe(
      sha([
        "upgrade-shepherd/v2",
        "cce",
        "cn-north-4",
        "p1",
        "c1",
        "u1",
        "Upgrade Started",
        ...key,
      ]),
    );
    const ack = { provider: "ack", region: "cn-hangzhou", clusterId: "c1" } as const;
    expect(clusterEventId(ack, "T-1", "Upgrade Started", key)).toBe(
      sha([
        "upgrade-shepherd/v2",
        "ack",
        "cn-hangzhou",
        "-",
        "c1",
        "T-1",
        "Upgrade Started",
        ...key,
      ]),
    );
  });

  it("change with every part", () => {
    const base = clusterEventId(cluster, "u1", "Upgrade Started", key);
    const variants = [
      clusterEventId({ ...cluster, provider: "cce-autopilot" }, "u1", "Upgrade Started", key),
      clusterEventId({ ...cluster, region: "cn-east-3" }, "u1", "Upgrade Started", key),
      clusterEventId({ ...cluster, projectId: "p2" }, "u1", "Upgrade Started", key),
      clusterEventId({ ...cluster, clusterId: "c2" }, "u1", "Upgrade Started", key),
      clusterEventId(cluster, "u2", "Upgrade Started", key),
      clusterEventId(cluster, "u1", "Upgrade Paused", key),
      clusterEventId(cluster, "u1", "Upgrade Started", ["at", "2025-03-01T09:55:00.001Z"]),
      clusterEventId(cluster, "u1", "Upgrade Started", ["bucket", "2025-03-01T09:55:00.000Z"]),
    ];
    expect(new Set([base, ...variants]).size).toBe(variants.length + 1);
  });

  it("cannot be forged by moving a separator between parts", () => {
    expect(hashId(["a/b", "c"])).not.toBe(hashId(["a", "b/c"]));
    expect(hashId(["ab", "c"])).not.toBe(hashId(["a", "bc"]));
  });

  it("derive outcome ids from the due event, one per outcome type", () => {
    const due = clusterEventId(cluster, "u1", "Cancel Due", ["t", "2025-03-01T10:00:00.000Z"]);
    expect(outcomeEventId(due, "Action Succeeded")).toBe(outcomeEventId(due, "Action Succeeded"));
    expect(outcomeEventId(due, "Action Succeeded")).not.toBe(outcomeEventId(due, "Action Skipped"));
  });

  it("give one Auto Actions Suspended id per run, action and shard", () => {
    const t = "2025-03-01T10:00:00.000Z";
    const a = autoActionsSuspendedId(t, "cancel", null);
    expect(autoActionsSuspendedId(t, "cancel", null)).toBe(a);
    expect(autoActionsSuspendedId(t, "cancel", { index: 0, count: 2 })).not.toBe(a);
    expect(autoActionsSuspendedId("2025-03-01T10:05:00.000Z", "cancel", null)).not.toBe(a);
  });
});
