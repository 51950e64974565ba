import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { NotifyConfigSchema } from "../../shared/notify/config.ts";
import {
  DeliveryRequestedDetailSchema,
  deliveryRequestedEntry,
} from "../../shared/notify/deliveryRequested.ts";
import { globMatch } from "../../shared/notify/glob.ts";
import { firstRunOfBucket } from "../../shared/notify/receiverAccepts.ts";
import { receiversFor, route } from "../../shared/notify/route.ts";
import {
  ACK_C,
  AUTOPILOT_B,
  HOUR,
  MIN,
  NOTIFIED,
  NOTIFIED_EVENTS,
  PROD_A,
  pollFailedAt,
  STALL_REMINDER,
  startedOn,
  T0,
} from "../helpers/notifyEvents.ts";

const config = (input: unknown) => NotifyConfigSchema.parse(input);
const names = (event: Parameters<typeof receiversFor>[0], c: ReturnType<typeof config>) =>
  receiversFor(event, c).map((r) => r.name);

describe("routes", () => {
  it("with no conditions, follow the catalogue's defaults", () => {
    const c = config({
      receivers: [{ name: "all", type: "webhook" }],
      routes: [{ receivers: ["all"] }],
    });
    for (const [, event] of NOTIFIED) expect(names(event, c)).toEqual(["all"]);
  });

  it("match on minimum severity, event types and providers", () => {
    const c = config({
      receivers: [
        { name: "pager", type: "webhook" },
        { name: "ack-team", type: "webhook" },
        { name: "starts", type: "webhook" },
      ],
      routes: [
        { receivers: ["pager"], minSeverity: "critical" },
        { receivers: ["ack-team"], providers: ["ack"] },
        { receivers: ["starts"], eventTypes: ["Upgrade Started"] },
      ],
    });
    expect(names(NOTIFIED_EVENTS["Upgrade Failed"], c)).toEqual(["pager"]);
    expect(names(NOTIFIED_EVENTS["Upgrade Stalled"], c)).toEqual(["ack-team"]);
    expect(names(NOTIFIED_EVENTS["Upgrade Started"], c)).toEqual(["starts"]);
    expect(names(startedOn(ACK_C), c)).toEqual(["ack-team", "starts"]);
  });

  it("match labels by equality or glob, all of them on one cluster", () => {
    const c = config({
      receivers: [
        { name: "payments", type: "webhook" },
        { name: "prod", type: "webhook" },
        { name: "strict", type: "webhook" },
      ],
      routes: [
        { receivers: ["payments"], labels: { team: "payments" } },
        { receivers: ["prod"], labels: { env: "prod-*" } },
        { receivers: ["strict"], labels: { team: "data", env: "prod-eu" } },
      ],
    });
    expect(names(startedOn(PROD_A), c)).toEqual(["payments", "prod"]);
    expect(names(startedOn(AUTOPILOT_B), c)).toEqual(["prod"]);
    expect(names(startedOn(ACK_C), c)).toEqual([]);
  });

  it("send a shared key's Poll Failed to every team whose cluster it affects", () => {
    const c = config({
      receivers: [{ name: "payments", type: "webhook" }],
      routes: [{ receivers: ["payments"], labels: { team: "payments" } }],
    });
    const poll = NOTIFIED_EVENTS["Poll Failed"];
    expect(poll.detail.cluster.labels.team).toBe("data");
    expect(names(poll, c)).toEqual(["payments"]);
  });

  it("send a run-wide event only through routes without cluster conditions", () => {
    const c = config({
      receivers: [
        { name: "labelled", type: "webhook" },
        { name: "everyone", type: "webhook" },
      ],
      routes: [
        { receivers: ["labelled"], labels: { team: "payments" } },
        { receivers: ["everyone"] },
      ],
    });
    expect(names(NOTIFIED_EVENTS["Auto Actions Suspended"], c)).toEqual(["everyone"]);
  });

  it("give an event to each receiver once, however many routes name it", () => {
    const c = config({
      receivers: [{ name: "a", type: "slack" }],
      routes: [{ receivers: ["a"] }, { receivers: ["a"], minSeverity: "critical" }],
    });
    const deliveries = route(NOTIFIED_EVENTS["Upgrade Failed"], c);
    expect(deliveries.map((d) => d.receiver)).toEqual(["a"]);
  });

  it("glob: * and ? cover the whole value; other characters are literal", () => {
    expect(globMatch("prod-*", "prod-eu")).toBe(true);
    expect(globMatch("prod-*", "preprod-eu")).toBe(false);
    expect(globMatch("prod-??", "prod-eu")).toBe(true);
    expect(globMatch("prod-??", "prod-eu1")).toBe(false);
    expect(globMatch("a.b", "axb")).toBe(false);
    expect(globMatch("(x)*", "(x)yz")).toBe(true);
  });
});

describe("receivers ask for less", () => {
  it("lifecycle terminal keeps the end of each upgrade and the outcomes", () => {
    const c = config({
      receivers: [{ name: "t", type: "webhook", filter: { lifecycle: "terminal" } }],
      routes: [{ receivers: ["t"] }],
    });
    const kept = NOTIFIED.filter(([, e]) => names(e, c).length > 0).map(([t]) => t);
    expect(kept).not.toContain("Upgrade Started");
    expect(kept).not.toContain("Upgrade Paused");
    expect(kept).not.toContain("Upgrade Stalled");
    expect(kept).toContain("Upgrade Failed");
    expect(kept).toContain("Postcheck Failed");
  });

  it("noRepeats drops a stall's reminders and keeps its onset", () => {
    const c = config({
      receivers: [{ name: "quiet", type: "webhook", filter: { noRepeats: ["Upgrade Stalled"] } }],
      routes: [{ receivers: ["quiet"] }],
    });
    expect(NOTIFIED_EVENTS["Upgrade Stalled"].detail.trigger.kind).toBe("transition");
    expect(names(NOTIFIED_EVENTS["Upgrade Stalled"], c)).toEqual(["quiet"]);
    expect(STALL_REMINDER.detail.trigger.kind).toBe("repeat");
    expect(names(STALL_REMINDER, c)).toEqual([]);
  });

  it("pollFailed once-per-bucket keeps only the first run's copy of a bucket", () => {
    const c = config({
      receivers: [{ name: "chat", type: "slack", filter: { pollFailed: "once-per-bucket" } }],
      routes: [{ receivers: ["chat"] }],
    });
    const first = pollFailedAt(T0);
    const later = pollFailedAt(T0 + 5 * MIN);
    expect(later.detail.id).toBe(first.detail.id);
    expect(firstRunOfBucket(first)).toBe(true);
    expect(firstRunOfBucket(later)).toBe(false);
    expect(names(first, c)).toEqual(["chat"]);
    expect(names(later, c)).toEqual([]);
    expect(names(pollFailedAt(T0 + HOUR), c)).toEqual(["chat"]);
  });

  it("minSeverity and eventTypes on a receiver narrow what its routes send", () => {
    const c = config({
      receivers: [
        { name: "crit", type: "webhook", filter: { minSeverity: "critical" } },
        { name: "fails", type: "webhook", filter: { eventTypes: ["Upgrade Failed"] } },
      ],
      routes: [{ receivers: ["crit", "fails"] }],
    });
    expect(names(NOTIFIED_EVENTS["Upgrade Failed"], c)).toEqual(["crit", "fails"]);
    expect(names(NOTIFIED_EVENTS["Postcheck Failed"], c)).toEqual(["crit"]);
    expect(names(NOTIFIED_EVENTS["Upgrade Paused"], c)).toEqual([]);
  });

  it("PagerDuty receivers get only what pages or resolves", () => {
    const c = config({
      receivers: [{ name: "pd", type: "pagerduty" }],
      routes: [{ receivers: ["pd"] }],
    });
    const routed = NOTIFIED.filter(([, e]) => route(e, c).length > 0).map(([t]) => t);
    expect(routed).toEqual([
      "Upgrade Succeeded",
      "Upgrade Failed",
      "Upgrade Cancelled",
      "Poll Failed",
      "Discovery Failed",
      "Postcheck Passed",
      "Postcheck Failed",
      "Action Succeeded",
      "Action Failed",
      "Auto Actions Suspended",
      "Rollout Halted",
    ]);
  });
});

describe("route: one delivery per (event, receiver)", () => {
  const c = config({
    receivers: [
      { name: "slack", type: "slack" },
      { name: "hook", type: "webhook" },
      { name: "robot", type: "dingtalk", aggregate: 2 },
      { name: "wecom", type: "wecom" },
    ],
    routes: [{ receivers: ["slack", "hook", "robot", "wecom"] }],
  });

  it("fans out, and aggregates a batch for each robot", () => {
    const batch = [
      NOTIFIED_EVENTS["Upgrade Started"],
      NOTIFIED_EVENTS["Upgrade Failed"],
      NOTIFIED_EVENTS["Upgrade Stalled"],
    ];
    const deliveries = route(batch, c);
    const by = (name: string) => deliveries.filter((d) => d.receiver === name);
    expect(by("slack").map((d) => d.events.length)).toEqual([1, 1, 1]);
    expect(by("hook").map((d) => d.events.length)).toEqual([1, 1, 1]);
    expect(by("robot").map((d) => d.events.length)).toEqual([2, 1]);
    expect(by("wecom").map((d) => d.events.length)).toEqual([3]);
    for (const d of deliveries) expect(() => DeliveryRequestedDetailSchema.parse(d)).not.toThrow();
  });

  it("is pure and deterministic: the same input gives the same deliveries and ids", () => {
    const batch = NOTIFIED.map(([, e]) => e);
    expect(route(batch, c)).toEqual(route(batch, c));
    expect(new Set(route(batch, c).map((d) => d.id)).size).toBe(route(batch, c).length);
  });

  it("routes an event given twice once", () => {
    const e = NOTIFIED_EVENTS["Upgrade Failed"];
    expect(route([e, e], c)).toEqual(route([e], c));
  });

  it("never names a receiver twice for the same event (property)", () => {
    const all = NOTIFIED.map(([, e]) => e);
    fc.assert(
      fc.property(fc.subarray(all, { minLength: 1 }), (events) => {
        const pairs = route(events, c).flatMap((d) =>
          d.eventIds.map((id) => `${d.receiver}/${id}`),
        );
        expect(new Set(pairs).size).toBe(pairs.length);
      }),
    );
  });

  it("publishes as a Delivery Requested entry with no secret in it", () => {
    const [d] = route(NOTIFIED_EVENTS["Upgrade Failed"], c);
    const entry = deliveryRequestedEntry(d as never, "upgrade-shepherd-dev");
    expect(entry).toMatchObject({
      Source: "upgrade-shepherd",
      DetailType: "Delivery Requested",
      EventBusName: "upgrade-shepherd-dev",
    });
    expect(JSON.parse(entry.Detail ?? "{}")).toEqual(d);
  });
});
