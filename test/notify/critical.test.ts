import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { readYaml } from "../../shared/config/readYaml.ts";
import { pollFailedEvents } from "../../shared/decide/pollFailedEvents.ts";
import type { PollFailure } from "../../shared/decide/pollFailure.ts";
import { repeatBucket } from "../../shared/decide/repeatBucket.ts";
import { windowFor } from "../../shared/decide/windowFor.ts";
import { windowMs } from "../../shared/decide/windowMs.ts";
import { CATALOGUE } from "../../shared/events/catalogue.ts";
import { type ShepherdEvent, ShepherdEventSchema } from "../../shared/events/shepherdEvent.ts";
import type { ClusterRef } from "../../shared/model/cluster.ts";
import {
  credentialDedupKey,
  dedupKey,
  type PagerDutyEvent,
  renderPagerDuty,
} from "../../shared/notify/channels/pagerduty.ts";
import { NotifyConfigSchema } from "../../shared/notify/config.ts";
import { isNotifiable } from "../../shared/notify/notifiableType.ts";
import { firstRunOfBucket } from "../../shared/notify/receiverAccepts.ts";
import { route } from "../../shared/notify/route.ts";
import {
  ACK_C,
  ackUpgrade,
  decided,
  MIN,
  NOTIFIED,
  POLICY,
  pollFailedAt,
  T0,
} from "../helpers/notifyEvents.ts";

/**
 * Issue 14, point 4: critical means someone is told now. The demo's numbers: a one-minute poll,
 * a 30-minute repeat, and a refused Huawei key (APIG.0301, HTTP 401) that raised 39 critical
 * Poll Failed events; PagerDuty got none of them, and chat receivers configured like
 * config/example.yaml first heard of it 29 minutes later, at the next bucket.
 */
const DEMO = { pollInterval: MIN, lag: 30_000, repeat: 30 * MIN };
const demoPolicy = () => ({ ...POLICY, ...DEMO });

/** The receivers and routes of config/example.yaml, as a user would have them. */
const example = readYaml(
  readFileSync(new URL("../../config/example.yaml", import.meta.url), "utf8"),
);
const exampleConfig = NotifyConfigSchema.parse({
  receivers: (example as { receivers: unknown }).receivers,
  routes: (example as { routes: unknown }).routes,
});

/** The example's clusters that use the `huawei-prod` credential set. */
const onHuaweiProd: ClusterRef[] = (
  example as { clusters: (ClusterRef & { credentials?: string })[] }
).clusters
  .filter((c) => c.credentials === "huawei-prod")
  .map(({ provider, region, projectId, clusterId, name, labels }) => ({
    provider,
    region,
    projectId,
    clusterId,
    name,
    labels,
  }));

const refused = (clusters: ClusterRef[], credentialSet: string | null = "huawei-prod") =>
  clusters.map(
    (cluster): PollFailure => ({
      cluster,
      kind: "auth",
      code: "APIG.0301",
      message: "Incorrect IAM authentication information: verify aksk signature fail",
      attempt: 1,
      requestId: null,
      credentialSet,
    }),
  );

/** The Poll Failed the run at `t` publishes (the poller never retries an auth failure). */
function pollFailed(t: number, failures: PollFailure[], policy = demoPolicy()): ShepherdEvent {
  const [event] = pollFailedEvents(
    failures,
    () => windowFor(new Date(t), policy.pollInterval, policy.lag),
    () => policy,
  );
  return ShepherdEventSchema.parse(event);
}

const triggers = (events: PagerDutyEvent[]) =>
  events.filter((e) => e.event_action === "trigger").map((e) => e.dedup_key);

describe("a refused key is told in the run it is first seen", () => {
  // The key is first refused one minute into a 30-minute bucket, and stays refused 39 runs.
  const first = T0 + MIN;
  const runs = Array.from({ length: 39 }, (_, i) =>
    pollFailed(first + i * MIN, refused(onHuaweiProd)),
  );

  it("the first run is mid-bucket, so a once-per-bucket rule alone would have waited 29 minutes", () => {
    expect(onHuaweiProd.map((c) => c.name)).toEqual([
      "payments-prod-bj4",
      "edge-prod-hk",
      "analytics-prod-dub",
    ]);
    expect(runs[0]?.detail.severity).toBe("critical");
    expect(firstRunOfBucket(runs[0] as ShepherdEvent)).toBe(false);
    const nextBucket = runs.findIndex((e) => firstRunOfBucket(e));
    expect(nextBucket).toBe(29);
  });

  it("every run reaches example.yaml's chat, on-call and audit receivers, from the first", () => {
    for (const event of runs) {
      const receivers = route(event, exampleConfig).map((d) => d.receiver);
      expect(receivers).toEqual(
        expect.arrayContaining(["platform-slack", "audit", "oncall", "payments-dingtalk"]),
      );
    }
  });

  it("PagerDuty is triggered, every run on one incident keyed by the credential set alone", () => {
    const keys = new Set(runs.flatMap((e) => triggers(renderPagerDuty(e))));
    expect([...keys]).toEqual([credentialDedupKey("huawei-prod")]);
    // Not per bucket: the event id changes at the bucket, the dedup key does not.
    expect(runs[0]?.detail.id).not.toBe(runs[38]?.detail.id);
    // Not per cluster: one cluster, or the whole set, or another shard of it, is one incident.
    const [one] = onHuaweiProd;
    expect(triggers(renderPagerDuty(pollFailed(first, refused([one as ClusterRef]))))).toEqual([
      credentialDedupKey("huawei-prod"),
    ]);
    expect(credentialDedupKey("huawei-prod")).toMatch(/^[0-9a-f]{32}$/);
    expect(
      triggers(renderPagerDuty(pollFailed(first, refused(onHuaweiProd, "alibaba-prod")))),
    ).toEqual([credentialDedupKey("alibaba-prod")]);
  });

  it("an auth failure that names no credential set falls back to one incident per cluster", () => {
    const [one] = onHuaweiProd;
    const event = pollFailed(first, refused([one as ClusterRef], null));
    expect(triggers(renderPagerDuty(event))).toEqual([
      dedupKey(one as ClusterRef, "", "credentials-refused"),
    ]);
  });

  it("a warning Poll Failed pages nobody, and once-per-bucket still thins it", () => {
    const c = NotifyConfigSchema.parse({
      receivers: [
        { name: "chat", type: "slack", filter: { pollFailed: "once-per-bucket" } },
        { name: "pd", type: "pagerduty" },
      ],
      routes: [{ receivers: ["chat", "pd"] }],
    });
    const later = pollFailedAt(T0 + 5 * MIN);
    expect(later.detail.severity).toBe("warning");
    expect(route(later, c)).toEqual([]);
    expect(route(pollFailedAt(T0), c).map((d) => d.receiver)).toEqual(["chat"]);
  });
});

describe("every critical event pages", () => {
  it("each notified type that can be critical opens an incident when it is", () => {
    const criticalTypes = CATALOGUE.filter(
      (e) => isNotifiable(e.detailType) && e.severities.includes("critical"),
    ).map((e) => e.detailType);
    const critical = NOTIFIED.filter(([, e]) => e.detail.severity === "critical");
    expect(critical.map(([t]) => t).sort()).toEqual([...criticalTypes].sort());
    for (const [, event] of critical) expect(triggers(renderPagerDuty(event))).toHaveLength(1);
  });

  it("noRepeats does not drop a critical failure that is only ever announced as a repeat", () => {
    const legacy = decided(
      "Upgrade Failed",
      ACK_C,
      ackUpgrade({
        id: `legacy:${ACK_C.clusterId}`,
        phase: "failed",
        rawPhase: "failed",
        createdAt: null,
        updatedAt: null,
        source: "ack-upgrade-status",
        steps: [],
      }),
    );
    expect(legacy.detail.trigger.kind).toBe("repeat");
    const c = NotifyConfigSchema.parse({
      receivers: [{ name: "quiet", type: "slack", filter: { noRepeats: ["Upgrade Failed"] } }],
      routes: [{ receivers: ["quiet"] }],
    });
    expect(route(legacy, c).map((d) => d.receiver)).toEqual(["quiet"]);
  });
});

describe("the once-per-bucket test is decide's own", () => {
  it("exactly one run of each bucket passes, whatever the interval and repeat", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(1, 2, 5, 10, 15),
        fc.integer({ min: 1, max: 600 }),
        fc.integer({ min: 0, max: 2000 }),
        (intervalMin, repeatMin, startRun) => {
          const policy = {
            ...POLICY,
            pollInterval: intervalMin * MIN,
            lag: 30_000,
            repeat: repeatMin * MIN,
          };
          const failure = refused([ACK_C])[0] as PollFailure;
          const warning: PollFailure = { ...failure, kind: "server", credentialSet: null };
          const runs = Array.from({ length: 40 }, (_, i) => {
            const t = T0 + (startRun + i) * policy.pollInterval;
            return pollFailed(t, [warning], policy);
          });
          for (const event of runs) {
            const w = windowMs(event.detail.window);
            expect(firstRunOfBucket(event)).toBe(repeatBucket(w, policy.repeat).first);
          }
          // Runs sharing an id are one bucket: at most one of them passes, and a bucket that
          // starts inside the sequence passes exactly once.
          const byId = new Map<string, boolean[]>();
          for (const e of runs)
            byId.set(e.detail.id, [...(byId.get(e.detail.id) ?? []), firstRunOfBucket(e)]);
          for (const passes of byId.values())
            expect(passes.filter(Boolean).length).toBeLessThanOrEqual(1);
        },
      ),
      { numRuns: 60 },
    );
  });
});
