import { describe, expect, it } from "vitest";
import { NotifyConfigSchema } from "../../shared/notify/config.ts";
import { parseDeliveryRequested } from "../../shared/notify/deliveryRequested.ts";
import { humanDuration, progressBar, truncate, truncateBytes } from "../../shared/notify/format.ts";
import { parseBusEvent } from "../../shared/notify/parseBusEvent.ts";
import { route } from "../../shared/notify/route.ts";
import { NOTIFIED_EVENTS } from "../helpers/notifyEvents.ts";

const failed = NOTIFIED_EVENTS["Upgrade Failed"];

describe("entry points' parsing", () => {
  it("reads an EventBridge event (Lambda's shape, or an SQS body) back into the event", () => {
    const busEvent = {
      version: "0",
      id: "6a7e8feb-b491-4cf7-a9f1-bf3703467718",
      "detail-type": "Upgrade Failed",
      source: "upgrade-shepherd",
      account: "111122223333",
      time: "2025-03-01T10:00:00Z",
      region: "eu-west-1",
      resources: [],
      detail: failed.detail,
    };
    expect(parseBusEvent(busEvent)).toEqual(failed);
    expect(parseBusEvent(JSON.stringify(busEvent))).toEqual(failed);
    expect(() =>
      parseBusEvent({ ...busEvent, detail: { ...failed.detail, severity: "info" } }),
    ).toThrow();
  });

  it("reads a Delivery Requested and refuses any other detail-type", () => {
    const config = NotifyConfigSchema.parse({
      receivers: [{ name: "s", type: "slack" }],
      routes: [{ receivers: ["s"] }],
    });
    const [d] = route(failed, config);
    expect(parseDeliveryRequested({ "detail-type": "Delivery Requested", detail: d })).toEqual(d);
    expect(() => parseDeliveryRequested({ "detail-type": "Upgrade Failed", detail: d })).toThrow(
      "expected Delivery Requested",
    );
    expect(() =>
      parseDeliveryRequested({
        "detail-type": "Delivery Requested",
        detail: { ...d, eventIds: ["0".repeat(32)] },
      }),
    ).toThrow();
  });
});

describe("text helpers", () => {
  it("truncate marks the cut and counts characters, not UTF-16 units", () => {
    expect(truncate("abcdef", 4)).toBe("abc…");
    expect(truncate("🚀🚀🚀", 3)).toBe("🚀🚀🚀");
    expect(Buffer.byteLength(truncateBytes("é".repeat(10), 7))).toBeLessThanOrEqual(7);
  });

  it("durations read like people write them", () => {
    expect([
      humanDuration(0),
      humanDuration(15_000),
      humanDuration(42 * 60_000),
      humanDuration(3 * 3_600_000 + 10 * 60_000),
      humanDuration(3_600_000 + 30_000),
      humanDuration(2 * 86_400_000 + 4 * 3_600_000),
    ]).toEqual(["0s", "15s", "42m", "3h 10m", "1h", "2d 4h"]);
  });

  it("the progress bar rounds to tenths and clamps", () => {
    expect([progressBar(0), progressBar(44), progressBar(100), progressBar(140)]).toEqual([
      "░░░░░░░░░░ 0%",
      "████░░░░░░ 44%",
      "██████████ 100%",
      "██████████ 100%",
    ]);
  });
});
