import { describe, expect, it } from "vitest";
import {
  autoActionsSuspendedId,
  clusterEventId,
  EVENT_ID_PATTERN,
  hashId,
  outcomeEventId,
} from "../../shared/events/eventId.ts";

const cluster = { provider: "cce", region: "cn-north-4", clusterId: "c1" } as const;
const key = ["at", "2025-03-01T09:55:00.000Z"];

describe("event ids", () => {
  it("are 32 lowercase hex characters, and the same for the same parts", () => {
    const id = clusterEventId(cluster, "u1", "Upgrade Started", key);
    expect(id).toMatch(EVENT_ID_PATTERN);
    expect(clusterEventId(cluster, "u1", "Upgrade Started", key)).toBe(id);
  });

  it("pin the recipe: sha256 of the JSON parts, truncated", () => {
    expect(hashId(["a", 1])).toBe("35a8a3fde009215a8be487dbdf0c2f35");
  });

  it("change with every part", () => {
    const base = clusterEventId(cluster, "u1", "Upgrade Started", key);
    const variants = [
      clusterEventId({ ...cluster, provider: "cce-autopilot" }, "u1", "Upgrade Started", key),
      clusterEventId({ ...cluster, region: "cn-east-3" }, "u1", "Upgrade Started", key),
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
