import { describe, expect, it } from "vitest";
import { pollRetryRequested, pollShardRequested } from "../../shared/decide/pollRequests.ts";
import { windowFor } from "../../shared/decide/windowFor.ts";
import { ShepherdEventSchema } from "../../shared/events/shepherdEvent.ts";
import { ACK, CCE, MIN, T0 } from "../helpers/upgrades.ts";

const W0 = windowFor(new Date(T0), 5 * MIN, 2 * MIN);
const timeout = (cluster: typeof CCE) =>
  ({ cluster, kind: "timeout", code: null, message: "timed out", attempt: 1 }) as const;

describe("pollRetryRequested", () => {
  it("asks for the failed clusters, for the original window, as the next attempt", () => {
    const e = pollRetryRequested({
      window: W0,
      attempt: 2,
      failures: [timeout(CCE), timeout(ACK)],
      clustersDueForCancel: 3,
    });
    expect(ShepherdEventSchema.parse(e)).toEqual(e);
    expect(e.time).toBe(W0.t);
    expect(e.detail).toMatchObject({
      severity: "debug",
      window: W0,
      attempt: 2,
      clusters: [CCE, ACK],
      failures: [
        { clusterId: CCE.clusterId, kind: "timeout", code: null },
        { clusterId: ACK.clusterId, kind: "timeout", code: null },
      ],
      shard: null,
      clustersDueForCancel: 3,
    });
  });

  it("gets the same id whatever the order of the clusters, and a new one per attempt", () => {
    const a = pollRetryRequested({
      window: W0,
      attempt: 2,
      failures: [timeout(CCE), timeout(ACK)],
      clustersDueForCancel: 0,
    });
    const b = pollRetryRequested({
      window: W0,
      attempt: 2,
      failures: [timeout(ACK), timeout(CCE)],
      clustersDueForCancel: 0,
    });
    const c = pollRetryRequested({
      window: W0,
      attempt: 3,
      failures: [timeout(CCE), timeout(ACK)],
      clustersDueForCancel: 0,
    });
    expect(b.detail.id).toBe(a.detail.id);
    expect(c.detail.id).not.toBe(a.detail.id);
  });

  it("refuses a retry numbered as the first attempt", () => {
    const e = pollRetryRequested({
      window: W0,
      attempt: 1,
      failures: [timeout(CCE)],
      clustersDueForCancel: 0,
    });
    expect(() => ShepherdEventSchema.parse(e)).toThrow();
  });
});

describe("pollShardRequested", () => {
  it("names the shard and the window, with one id per shard and run", () => {
    const a = pollShardRequested({ window: W0, shard: { index: 0, count: 3 } });
    const b = pollShardRequested({ window: W0, shard: { index: 1, count: 3 } });
    const next = pollShardRequested({
      window: windowFor(new Date(T0 + 5 * MIN), 5 * MIN, 2 * MIN),
      shard: { index: 0, count: 3 },
    });
    expect(ShepherdEventSchema.parse(a)).toEqual(a);
    expect(a.detail).toMatchObject({
      severity: "debug",
      window: W0,
      shard: { index: 0, count: 3 },
    });
    expect(new Set([a.detail.id, b.detail.id, next.detail.id]).size).toBe(3);
    expect(pollShardRequested({ window: W0, shard: { index: 0, count: 3 } }).detail.id).toBe(
      a.detail.id,
    );
  });

  it("rejects a shard index outside the count", () => {
    expect(() =>
      ShepherdEventSchema.parse(pollShardRequested({ window: W0, shard: { index: 3, count: 3 } })),
    ).toThrow();
  });
});
