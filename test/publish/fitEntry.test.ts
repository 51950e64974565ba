// EventBridge itself cannot run here, so the publishing tests pass a recording client in its
// place: AWS is the one thing faked. Everything else is the real publisher and the real decide.
import type { PutEventsCommand, PutEventsRequestEntry } from "@aws-sdk/client-eventbridge";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decide } from "../../shared/decide/decide.ts";
import { pollFailedEvents } from "../../shared/decide/pollFailedEvents.ts";
import { pollRetryRequested } from "../../shared/decide/pollRequests.ts";
import { windowFor } from "../../shared/decide/windowFor.ts";
import { PublishError } from "../../shared/errors.ts";
import { DETAIL_SCHEMAS } from "../../shared/events/detailSchemas.ts";
import { CUT_TO_BYTES, cutText, fitEntry, MAX_ENTRY_BYTES } from "../../shared/events/fitEntry.ts";
import { type EventBridgeLike, entrySize, publishEntries } from "../../shared/events/publish.ts";
import type { EventOf, ShepherdEvent } from "../../shared/events/shepherdEvent.ts";
import { toPutEventsEntry } from "../../shared/events/toPutEventsEntry.ts";
import type { ClusterRef } from "../../shared/model/cluster.ts";
import { deliveryRequestedEntry } from "../../shared/notify/deliveryRequested.ts";
import { CCE, cceUpgrade, iso, MIN, POLICY, snapshot, steps, T0 } from "../helpers/upgrades.ts";

const W0 = windowFor(new Date(T0), 5 * MIN, 2 * MIN);
const IN_W0 = T0 - 4 * MIN;

/** A provider's failure message as CCE words them, repeated to 300 KB (a runaway log tail). */
const LINE =
  "Upgrade node pool np-general failed: drain of node 192.168.0.12 timed out after 30m (pod payments/ledger-0 has a PodDisruptionBudget that allows 0 disruptions)\n";
const HUGE = LINE.repeat(Math.ceil((300 * 1024) / LINE.length));

function failedWith(message: string): EventOf<"Upgrade Failed"> {
  const u = cceUpgrade({
    phase: "failed",
    rawPhase: "Failed",
    finishedAt: iso(IN_W0),
    updatedAt: iso(IN_W0),
    workflowPhase: "Pending",
    message,
    steps: steps({ Cluster: { status: "Failed", finishedAt: iso(IN_W0) } }),
  });
  const e = decide(snapshot(CCE, u), W0, POLICY).find((x) => x.detailType === "Upgrade Failed");
  if (!e) throw new Error("decide made no Upgrade Failed");
  return e as EventOf<"Upgrade Failed">;
}

const detailOf = (entry: PutEventsRequestEntry) => JSON.parse(entry.Detail ?? "null");

function fakeBus() {
  const calls: PutEventsRequestEntry[][] = [];
  const client: EventBridgeLike = {
    send: async (command: PutEventsCommand) => {
      const entries = command.input.Entries ?? [];
      calls.push(entries);
      for (const e of entries) expect(entrySize(e)).toBeLessThan(MAX_ENTRY_BYTES);
      return { FailedEntryCount: 0, Entries: entries.map((_, i) => ({ EventId: `aws-${i}` })) };
    },
  };
  return { client, calls };
}

describe("an event too large for EventBridge is cut to fit, visibly", () => {
  it("a 300 KB provider message: cut with a marker, the event still parses and keeps its ids", () => {
    const event = failedWith(HUGE);
    const entry = toPutEventsEntry(event, "bus");
    expect(entrySize(entry)).toBeLessThanOrEqual(CUT_TO_BYTES);
    const detail = DETAIL_SCHEMAS["Upgrade Failed"].parse(detailOf(entry));
    expect(detail.id).toBe(event.detail.id);
    expect(detail.cluster).toEqual(CCE);
    expect(detail.trigger).toEqual(event.detail.trigger);
    const message = detail.upgrade?.message ?? "";
    const removed = HUGE.length - message.indexOf("… [cut: ");
    expect(HUGE.startsWith(message.slice(0, message.indexOf("… [cut: ")))).toBe(true);
    expect(message).toMatch(
      new RegExp(
        `… \\[cut: ${removed} of ${HUGE.length} characters left out to fit EventBridge's 256 KB entry limit\\]$`,
      ),
    );
    // Only as much as needed is cut: the entry ends within a few KB of the target.
    expect(entrySize(entry)).toBeGreaterThan(CUT_TO_BYTES - 4096);
    expect(detail.truncated).toBe(
      `cut to fit EventBridge's 256 KB entry limit; left out: upgrade.message (${removed} characters)`,
    );
  });

  it("counts JSON escapes and multi-byte characters, never splitting a surrogate pair", () => {
    const nasty = `${"\u0001".repeat(100_000)}${"😀".repeat(50_000)}`;
    const entry = toPutEventsEntry(failedWith(nasty), "bus");
    expect(entrySize(entry)).toBeLessThanOrEqual(CUT_TO_BYTES);
    const jsonSize = (t: string) => Buffer.byteLength(JSON.stringify(t), "utf8");
    fc.assert(
      fc.property(
        fc.string({ unit: "binary", minLength: 200, maxLength: 1000 }),
        fc.integer({ min: 200, max: 4000 }),
        (text, maxBytes) => {
          const cut = cutText(text, maxBytes);
          const keptText = cut.text.slice(0, text.length - cut.removed);
          expect(text.startsWith(keptText)).toBe(true);
          expect(cut.text.slice(keptText.length)).toBe(
            `… [cut: ${cut.removed} of ${text.length} characters left out to fit EventBridge's 256 KB entry limit]`,
          );
          expect(jsonSize(cut.text)).toBeLessThanOrEqual(maxBytes);
          // The longest such prefix: one more code point would not fit (or there is none).
          const next = text.codePointAt(keptText.length);
          if (next !== undefined && cut.removed > 0) {
            const longer = text.slice(0, keptText.length + String.fromCodePoint(next).length);
            const marker = cut.text
              .slice(keptText.length)
              .replace(
                `${cut.removed} of`,
                `${cut.removed - String.fromCodePoint(next).length} of`,
              );
            expect(jsonSize(longer + marker)).toBeGreaterThan(maxBytes - 2);
          }
          const last = keptText.charCodeAt(keptText.length - 1);
          const wasPair =
            text.charCodeAt(keptText.length) >= 0xdc00 &&
            text.charCodeAt(keptText.length) <= 0xdfff;
          if (last >= 0xd800 && last <= 0xdbff) expect(wasPair).toBe(false);
        },
      ),
      { numRuns: 100, seed: 20251129 },
    );
  });

  it("leaves an event that fits exactly as it was", () => {
    const event = failedWith("drain timed out");
    expect(toPutEventsEntry(event, "bus").Detail).toBe(JSON.stringify(event.detail));
  });

  it("a Poll Failed naming more clusters than fit: the list is cut, the first cluster kept, and it says how many", () => {
    const labels = Object.fromEntries(
      Array.from({ length: 20 }, (_, i) => [`team-${i}`, `payments-${"x".repeat(40)}`]),
    );
    const clusters: ClusterRef[] = Array.from({ length: 500 }, (_, i) => ({
      ...CCE,
      clusterId: `8978deaa-1743-11ee-8e46-${String(i).padStart(12, "0")}`,
      name: `prod-${i}`,
      labels,
    }));
    const [event] = pollFailedEvents(
      clusters.map((cluster) => ({
        cluster,
        kind: "auth",
        code: "APIG.0301",
        message: "Incorrect IAM authentication information: verify aksk signature fail",
        attempt: 1,
        credentialSet: "huawei-prod",
      })),
      () => W0,
      () => POLICY,
    ) as [ShepherdEvent];
    const entry = toPutEventsEntry(event, "bus");
    expect(entrySize(entry)).toBeLessThanOrEqual(CUT_TO_BYTES);
    const detail = DETAIL_SCHEMAS["Poll Failed"].parse(detailOf(entry));
    const kept = detail.affectedClusters.length;
    expect(kept).toBeGreaterThan(100);
    expect(kept).toBeLessThan(500);
    expect(detail.affectedClusters[0]).toEqual(detail.cluster);
    expect(detail.truncated).toContain(`affectedClusters (${500 - kept} entries)`);
  });

  it("a Poll Retry Requested never loses a cluster to re-read: their labels go instead", () => {
    const labels = Object.fromEntries(
      Array.from({ length: 50 }, (_, i) => [`label-${i}`, "v".repeat(40)]),
    );
    const failures = Array.from({ length: 300 }, (_, i) => ({
      cluster: { ...CCE, clusterId: `c-${i}`, labels },
      kind: "timeout" as const,
      code: null,
      message: "no answer within 10000 ms",
      attempt: 1,
    }));
    const event = pollRetryRequested({ window: W0, attempt: 2, failures, clustersDueForCancel: 0 });
    const entry = toPutEventsEntry(event, "bus");
    expect(entrySize(entry)).toBeLessThanOrEqual(CUT_TO_BYTES);
    const detail = DETAIL_SCHEMAS["Poll Retry Requested"].parse(detailOf(entry));
    expect(detail.clusters.map((c) => c.clusterId)).toEqual(
      failures.map((f) => f.cluster.clusterId),
    );
    expect(detail.failures).toHaveLength(300);
    expect(detail.clusters.some((c) => Object.keys(c.labels).length === 0)).toBe(true);
  });
});

describe("publishing never blocks on one large event", () => {
  it("cuts the large entry and sends it with the others, in one call, without failing", async () => {
    const bus = fakeBus();
    const small = toPutEventsEntry(failedWith("drain timed out"), "bus");
    // An entry built elsewhere, not through toPutEventsEntry: the publisher cuts it itself.
    const big: PutEventsRequestEntry = {
      ...small,
      Detail: JSON.stringify(failedWith(HUGE).detail),
    };
    expect(entrySize(big)).toBeGreaterThan(MAX_ENTRY_BYTES);
    const summary = await publishEntries(bus.client, [small, big, small]);
    expect(summary.published).toBe(3);
    const sent = bus.calls.flat();
    expect(sent).toHaveLength(3);
    const cut = DETAIL_SCHEMAS["Upgrade Failed"].parse(detailOf(sent[1] as PutEventsRequestEntry));
    expect(cut.upgrade?.message).toMatch(/… \[cut: \d+ of \d+ characters left out/);
    expect(cut.truncated).toMatch(/^cut to fit EventBridge's 256 KB entry limit/);
  });

  it("cuts the text of a delivery, keeping every event in it", async () => {
    const bus = fakeBus();
    const events = [failedWith(`${HUGE}a`), failedWith(`${HUGE}b`)];
    const entry = deliveryRequestedEntry(
      {
        id: "0".repeat(32),
        severity: "debug",
        receiver: "ops",
        channel: "slack",
        eventIds: events.map((e) => e.detail.id),
        events,
      },
      "bus",
    );
    await publishEntries(bus.client, [entry]);
    const sent = detailOf(bus.calls.flat()[0] as PutEventsRequestEntry);
    expect(sent.events).toHaveLength(2);
    expect(sent.eventIds).toEqual(events.map((e) => e.detail.id));
    for (const e of sent.events) expect(e.detail.upgrade.message).toMatch(/… \[cut: /);
  });

  it("reports, after sending the others, an entry nothing can be cut from", async () => {
    const bus = fakeBus();
    const ok = toPutEventsEntry(failedWith("drain timed out"), "bus");
    const ids = Array.from({ length: 40_000 }, (_, i) => `id-${i}`);
    const uncuttable: PutEventsRequestEntry = {
      Source: "someone-else",
      DetailType: "Inventory",
      Detail: JSON.stringify({ ids }),
    };
    const error = await publishEntries(bus.client, [ok, uncuttable], {
      sleep: async () => {},
    }).catch((e: unknown) => e);
    expect(bus.calls.flat()).toEqual([ok]);
    expect(error).toBeInstanceOf(PublishError);
    expect((error as PublishError).failed).toEqual([
      { detailType: "Inventory", errorCode: "EntryTooLarge" },
    ]);
  });

  it("fitEntry returns the same entry when it fits, and says so when a detail is not JSON", () => {
    const ok = toPutEventsEntry(failedWith("drain timed out"), "bus");
    expect(fitEntry(ok)).toEqual({ entry: ok, cuts: [], fits: true });
    const notJson = { ...ok, Detail: `<${"x".repeat(300 * 1024)}` };
    expect(fitEntry(notJson)).toEqual({ entry: notJson, cuts: [], fits: false });
  });
});
