import { describe, expect, it } from "vitest";
import { ShepherdEventSchema } from "../../shared/events/shepherdEvent.ts";
import { alertView } from "../../shared/notify/alertView.ts";
import { renderSlack } from "../../shared/notify/channels/slack.ts";
import { NotifyConfigSchema } from "../../shared/notify/config.ts";
import { receiversFor } from "../../shared/notify/route.ts";
import { assembleParts } from "../../shared/status/assembleParts.ts";
import { buildStatusModel } from "../../shared/status/buildStatusModel.ts";
import { parseDigestEvent } from "../../shared/status/digestTrigger.ts";
import { handleDigest } from "../../shared/status/handleDigest.ts";
import { statusDocument } from "../../shared/status/statusDocument.ts";
import { memoryStatusStore } from "../../shared/status/statusStore.ts";
import { weeklyDigest } from "../../shared/status/weeklyDigest.ts";
import { STATUS_JSON_KEY } from "../../shared/status/writeStatusPage.ts";
import { versionSupport } from "../../shared/support/endOfSupport.ts";
import { recordingBus } from "../helpers/recording-bus.ts";
import { statusFleet } from "../helpers/statusFleet.ts";

const DAY = 86_400_000;
// A Monday, 01:00 UTC: CCE v1.29 ends 2026-06 (in 90 days or less from here), v1.30 in 2026-10.
const T = new Date("2026-03-16T01:00:00Z");
const now = T.getTime() - 10 * 60_000;
const model = buildStatusModel({
  t: new Date(now).toISOString(),
  now,
  reads: statusFleet(60, now),
});

describe("weeklyDigest", () => {
  const event = weeklyDigest(model, T);

  it("lists every cluster whose version leaves support within 90 days (or has), soonest first", () => {
    const expected = model.clusters.filter((c) => {
      const s = versionSupport(c.cluster.provider, c.version ?? c.fromVersion, T.getTime());
      return s.status === "ended" || s.status === "ending";
    });
    expect(expected.length).toBeGreaterThan(0);
    const items = event.detail.endOfSupport.items;
    expect(items.map((i) => i.cluster.clusterId).sort()).toEqual(
      expected.map((c) => c.cluster.clusterId).sort(),
    );
    expect(items.map((i) => i.daysLeft)).toEqual(
      [...items.map((i) => i.daysLeft)].sort((a, b) => a - b),
    );
    expect(items.every((i) => i.daysLeft <= 90)).toBe(true);
  });

  it("counts and lists the upgrades started in the week before T, newest first", () => {
    const inWeek = model.recent.filter((e) => {
      const at = Date.parse(e.startedAt ?? "");
      return at > T.getTime() - 7 * DAY && at <= T.getTime();
    });
    const u = event.detail.upgrades;
    expect(u.succeeded + u.failed + u.cancelled + u.other).toBe(inWeek.length);
    expect(u.items.length).toBe(Math.min(50, inWeek.length));
    expect(event.detail.window).toEqual({
      t: T.toISOString(),
      start: new Date(T.getTime() - 7 * DAY).toISOString(),
      end: T.toISOString(),
    });
    expect(ShepherdEventSchema.safeParse(event).success).toBe(true);
    expect(weeklyDigest(model, T).detail.id).toBe(event.detail.id);
  });

  it("reads as a message: the week, the counts, the versions leaving support, the upgrades", () => {
    const view = alertView(event);
    expect(view.headline).toBe("📅 Weekly upgrade digest: 60 clusters");
    expect(view.facts.map((f) => f.label)).toEqual([
      "Week",
      "Clusters",
      "Upgrades",
      "Leaving support within 90 days",
    ]);
    expect(view.list?.items[0]).toMatch(
      /: v?1\.\d+.*(support ends \d{4}-\d{2}-\d{2} \(in \d+ days\)|out of support since)/,
    );
    expect(JSON.stringify(renderSlack(event))).toContain("Weekly upgrade digest");
  });

  it("goes only to receivers whose route names it: one message each", () => {
    const config = NotifyConfigSchema.parse({
      receivers: [
        { name: "ops", type: "webhook" },
        { name: "digest-slack", type: "slack" },
        { name: "digest-teams", type: "teams" },
      ],
      routes: [
        { receivers: ["ops"] },
        { receivers: ["digest-slack", "digest-teams"], eventTypes: ["Weekly Digest"] },
        { receivers: ["digest-slack"], eventTypes: ["Weekly Digest", "Upgrade Failed"] },
      ],
    });
    expect(receiversFor(event, config).map((r) => r.name)).toEqual([
      "digest-slack",
      "digest-teams",
    ]);
  });
});

describe("the digest schedule", () => {
  it("parses the rule's input, and publishes one digest from the last status.json", async () => {
    expect(parseDigestEvent({ digest: "weekly", time: "2026-03-16T01:00:00Z" })).toEqual({
      kind: "digest",
      t: T,
    });
    expect(
      parseDigestEvent({
        source: "aws.events",
        "detail-type": "Scheduled Event",
        time: "2026-03-16T01:00:00Z",
      }),
    ).toBeNull();
    const store = memoryStatusStore();
    const bus = recordingBus();
    const trigger = { kind: "digest" as const, t: T };
    expect(
      await handleDigest(trigger, { bus: "b" }, { eventBridge: bus, statusStore: store }),
    ).toMatchObject({ digest: "not published: no status page yet" });
    await store.put(
      STATUS_JSON_KEY,
      JSON.stringify(statusDocument(assembleParts([model], model.t)).json),
      "application/json",
    );
    const summary = await handleDigest(
      trigger,
      { bus: "b" },
      { eventBridge: bus, statusStore: store, statusBucket: "shepherd-status" },
    );
    expect(summary).toMatchObject({ digest: "published", putEventsCalls: 1 });
    expect(bus.events).toHaveLength(1);
    expect(bus.events[0]?.detailType).toBe("Weekly Digest");
    expect(bus.events[0]?.detail.statusPage).toBe("s3://shepherd-status/index.html");
  });
});
