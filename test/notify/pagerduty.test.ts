import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { autoActionsSuspendedId } from "../../shared/events/eventId.ts";
import { ShepherdEventSchema } from "../../shared/events/shepherdEvent.ts";
import {
  credentialDedupKey,
  dedupKey,
  type PagerDutyEvent,
  renderPagerDuty,
  suspendedDedupKey,
} from "../../shared/notify/channels/pagerduty.ts";
import {
  cceUpgrade,
  decided,
  HOUR,
  MIN,
  NOTIFIED_EVENTS,
  PROD_A,
  T0,
} from "../helpers/notifyEvents.ts";

const triggers = (events: PagerDutyEvent[]) =>
  events.filter((e) => e.event_action === "trigger").map((e) => e.dedup_key);
const resolves = (events: PagerDutyEvent[]) =>
  events.filter((e) => e.event_action === "resolve").map((e) => e.dedup_key);

/** The keys' recipe as the docs state it, computed without the product's code. */
const sha = (parts: unknown[]): string =>
  createHash("sha256").update(JSON.stringify(parts)).digest("hex").slice(0, 32);

describe("PagerDuty dedup keys across the v2 id recipe", () => {
  it("keep the per-credential-set and per-suspension keys an open incident was opened with", () => {
    expect(credentialDedupKey("huawei-prod")).toBe(
      sha(["upgrade-shepherd/v1", "pagerduty", "credentials-refused", "huawei-prod"]),
    );
    expect(suspendedDedupKey("cancel", null)).toBe(
      sha(["upgrade-shepherd/v1", "pagerduty", "auto-actions-suspended", "cancel", "all"]),
    );
  });

  it("key a cluster's incident by its whole identity, project included", () => {
    expect(dedupKey(PROD_A, "u1", "upgrade-failed")).toBe(
      sha([
        "upgrade-shepherd/v1",
        "pagerduty",
        PROD_A.provider,
        PROD_A.region,
        PROD_A.projectId,
        PROD_A.clusterId,
        "u1",
        "upgrade-failed",
      ]),
    );
    expect(dedupKey({ ...PROD_A, projectId: "9f8e7d" }, "u1", "upgrade-failed")).not.toBe(
      dedupKey(PROD_A, "u1", "upgrade-failed"),
    );
  });
});

describe("PagerDuty: a trigger and its resolve meet with no state", () => {
  it("Upgrade Failed is resolved by the same upgrade's success", () => {
    const failed = renderPagerDuty(NOTIFIED_EVENTS["Upgrade Failed"]);
    const succeeded = renderPagerDuty(NOTIFIED_EVENTS["Upgrade Succeeded"]);
    expect(NOTIFIED_EVENTS["Upgrade Failed"].detail.upgrade?.id).toBe(
      NOTIFIED_EVENTS["Upgrade Succeeded"].detail.upgrade?.id,
    );
    expect(triggers(failed)).toHaveLength(1);
    expect(resolves(succeeded)).toContain(triggers(failed)[0]);
  });

  it("Upgrade Failed is resolved by the same upgrade's cancellation, with the failed cancel", () => {
    const cancelled = decided(
      "Upgrade Cancelled",
      PROD_A,
      cceUpgrade({
        phase: "cancelled",
        rawPhase: "Cancel",
        finishedAt: new Date(T0 - 4 * MIN).toISOString(),
      }),
    );
    const keys = resolves(renderPagerDuty(cancelled));
    expect(keys).toContain(triggers(renderPagerDuty(NOTIFIED_EVENTS["Upgrade Failed"]))[0]);
    expect(keys).toContain(triggers(renderPagerDuty(NOTIFIED_EVENTS["Action Failed"]))[0]);
  });

  it("Postcheck Failed is resolved by Postcheck Passed; Action Failed by the action's success", () => {
    expect(resolves(renderPagerDuty(NOTIFIED_EVENTS["Postcheck Passed"]))).toContain(
      triggers(renderPagerDuty(NOTIFIED_EVENTS["Postcheck Failed"]))[0],
    );
    expect(resolves(renderPagerDuty(NOTIFIED_EVENTS["Action Succeeded"]))).toEqual(
      triggers(renderPagerDuty(NOTIFIED_EVENTS["Action Failed"])),
    );
  });

  it("another upgrade of the same cluster is another incident", () => {
    const other = decided(
      "Upgrade Failed",
      PROD_A,
      cceUpgrade({
        id: "0d9e8f7a-0000-4c3b-b619-80113b4bbb18",
        phase: "failed",
        rawPhase: "Failed",
        finishedAt: new Date(T0 - 4 * MIN).toISOString(),
      }),
    );
    expect(triggers(renderPagerDuty(other))[0]).not.toBe(
      triggers(renderPagerDuty(NOTIFIED_EVENTS["Upgrade Failed"]))[0],
    );
  });

  it("Auto Actions Suspended keeps one open incident across runs", () => {
    const first = NOTIFIED_EVENTS["Auto Actions Suspended"];
    const t = new Date(T0 + HOUR).toISOString();
    const later = ShepherdEventSchema.parse({
      ...first,
      time: t,
      detail: {
        ...first.detail,
        id: autoActionsSuspendedId(t, "cancel", null),
        window: {
          t,
          start: new Date(T0 + HOUR - 7 * MIN).toISOString(),
          end: new Date(T0 + HOUR - 2 * MIN).toISOString(),
        },
      },
    });
    expect(later.detail.id).not.toBe(first.detail.id);
    expect(triggers(renderPagerDuty(later))).toEqual(triggers(renderPagerDuty(first)));
  });

  it("a dry run resolves nothing; a start pages nobody", () => {
    const dry = ShepherdEventSchema.parse({
      ...NOTIFIED_EVENTS["Action Succeeded"],
      detail: { ...NOTIFIED_EVENTS["Action Succeeded"].detail, dryRun: true },
    });
    expect(renderPagerDuty(dry)).toEqual([]);
    expect(renderPagerDuty(NOTIFIED_EVENTS["Upgrade Started"])).toEqual([]);
  });

  it("maps severity and carries the console link", () => {
    const [trigger] = renderPagerDuty(NOTIFIED_EVENTS["Upgrade Failed"]);
    expect(trigger).toMatchObject({
      event_action: "trigger",
      payload: { severity: "critical", class: "Upgrade Failed", source: "cce/cn-north-4/prod-a" },
      links: [{ text: "Open in console" }],
    });
  });
});
