// EventBridge itself cannot run here, so these tests pass a recording client in its place:
// AWS is the one thing faked. Everything else is the real publisher.
import type { PutEventsCommand, PutEventsRequestEntry } from "@aws-sdk/client-eventbridge";
import { describe, expect, it } from "vitest";
import { PublishError } from "../../shared/errors.ts";
import {
  batchEntries,
  type EventBridgeLike,
  entrySize,
  publishEntries,
} from "../../shared/events/publish.ts";

const entry = (i: number, detailBytes = 100): PutEventsRequestEntry => ({
  Source: "upgrade-shepherd",
  DetailType: "Upgrade Started",
  Detail: JSON.stringify({ id: `e${i}`, pad: "x".repeat(Math.max(0, detailBytes - 20)) }),
  EventBusName: "bus",
  Time: new Date("2026-11-22T08:00:00Z"),
});

/** Records calls; fails the entries whose ids are listed, `failTimes` times each. */
function fakeBus(failTimes: Record<string, number> = {}) {
  const calls: PutEventsRequestEntry[][] = [];
  const client: EventBridgeLike = {
    send: async (command: PutEventsCommand) => {
      const entries = command.input.Entries ?? [];
      calls.push(entries);
      const results = entries.map((e) => {
        const id = JSON.parse(e.Detail ?? "{}").id as string;
        if ((failTimes[id] ?? 0) > 0) {
          failTimes[id] = (failTimes[id] ?? 0) - 1;
          return { ErrorCode: "ThrottlingException", ErrorMessage: "slow down" };
        }
        return { EventId: `aws-${id}` };
      });
      return { FailedEntryCount: results.filter((r) => "ErrorCode" in r).length, Entries: results };
    },
  };
  return { client, calls };
}

describe("PutEvents batching", () => {
  it("counts an entry's size as EventBridge does", () => {
    const e = entry(1);
    expect(entrySize(e)).toBe(
      Buffer.byteLength("upgrade-shepherd") +
        Buffer.byteLength("Upgrade Started") +
        Buffer.byteLength(e.Detail ?? "") +
        14,
    );
  });

  it("puts at most 10 entries in a call", () => {
    const batches = batchEntries(Array.from({ length: 23 }, (_, i) => entry(i)));
    expect(batches.map((b) => b.length)).toEqual([10, 10, 3]);
  });

  it("keeps each call under 256 KB", () => {
    const batches = batchEntries(Array.from({ length: 6 }, (_, i) => entry(i, 100_000)));
    expect(batches.map((b) => b.length)).toEqual([2, 2, 2]);
    for (const b of batches) {
      expect(b.reduce((n, e) => n + entrySize(e), 0)).toBeLessThan(256 * 1024);
    }
  });

  it("refuses a single entry over the limit", () => {
    expect(() => batchEntries([entry(1, 300_000)])).toThrow(/over the PutEvents limit/);
  });
});

describe("publishing", () => {
  it("publishes in batches and reports the calls made", async () => {
    const bus = fakeBus();
    const summary = await publishEntries(
      bus.client,
      Array.from({ length: 12 }, (_, i) => entry(i)),
    );
    expect(summary).toEqual({ calls: 2, published: 12 });
  });

  it("retries only the entries reported as failed", async () => {
    const bus = fakeBus({ e3: 1, e7: 2 });
    const sleeps: number[] = [];
    const summary = await publishEntries(
      bus.client,
      Array.from({ length: 10 }, (_, i) => entry(i)),
      { sleep: async (ms) => void sleeps.push(ms), random: () => 0.5 },
    );
    expect(summary).toEqual({ calls: 3, published: 10 });
    const ids = bus.calls.map((c) => c.map((e) => JSON.parse(e.Detail ?? "{}").id));
    expect(ids[1]).toEqual(["e3", "e7"]);
    expect(ids[2]).toEqual(["e7"]);
    // Full jitter: half of the 100 ms and 200 ms ceilings, at the drawn 0.5.
    expect(sleeps).toEqual([50, 100]);
  });

  it("sends the other entries before reporting one that is too large to send", async () => {
    const bus = fakeBus();
    const error = await publishEntries(bus.client, [entry(0), entry(1, 300_000), entry(2)], {
      sleep: async () => {},
    }).catch((e: unknown) => e);
    expect(bus.calls.flat().map((e) => JSON.parse(e.Detail ?? "{}").id)).toEqual(["e0", "e2"]);
    expect(error).toBeInstanceOf(PublishError);
    expect((error as PublishError).failed).toEqual([
      { detailType: "Upgrade Started", errorCode: "EntryTooLarge" },
    ]);
  });

  it("throws a PublishError naming what failed after the last attempt", async () => {
    const bus = fakeBus({ e1: 5 });
    const error = await publishEntries(bus.client, [entry(0), entry(1)], {
      retry: { maxAttempts: 2 },
      sleep: async () => {},
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PublishError);
    expect((error as PublishError).published).toBe(1);
    expect((error as PublishError).failed).toEqual([
      { detailType: "Upgrade Started", errorCode: "ThrottlingException" },
    ]);
  });
});
