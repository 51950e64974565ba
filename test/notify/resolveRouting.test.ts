import { describe, expect, it } from "vitest";
import { credentialsAccepted } from "../../shared/decide/credentialsAccepted.ts";
import { windowFor } from "../../shared/decide/windowFor.ts";
import { type EventOf, ShepherdEventSchema } from "../../shared/events/shepherdEvent.ts";
import { credentialDedupKey, renderPagerDuty } from "../../shared/notify/channels/pagerduty.ts";
import { NotifyConfigSchema } from "../../shared/notify/config.ts";
import { receiversFor, route } from "../../shared/notify/route.ts";
import { ACK_C, AUTOPILOT_B, MIN, NOTIFIED_EVENTS, PROD_A, T0 } from "../helpers/notifyEvents.ts";

/** config/example.yaml's shape: chat hears everything, the pager only critical prod events. */
const INPUT = {
  receivers: [
    { name: "platform-slack", type: "slack" },
    { name: "oncall", type: "pagerduty" },
    { name: "strict-pager", type: "pagerduty", filter: { minSeverity: "critical" } },
  ],
  routes: [
    { receivers: ["platform-slack"] },
    {
      name: "production failures page",
      receivers: ["oncall", "strict-pager"],
      minSeverity: "critical",
      labels: { env: "prod-*" },
    },
  ],
};
const config = NotifyConfigSchema.parse(INPUT);
const names = (event: Parameters<typeof receiversFor>[0]) =>
  receiversFor(event, config).map((r) => r.name);

/** The refused key comes back: huawei-prod reads both of its clusters again. */
const accepted = (clusters = [PROD_A, AUTOPILOT_B]): EventOf<"Credentials Accepted"> =>
  ShepherdEventSchema.parse(
    credentialsAccepted({
      read: clusters.map((cluster) => ({ cluster, credentialSet: "huawei-prod" })),
      failures: [],
      window: windowFor(new Date(T0 + 10 * MIN), 5 * MIN, 2 * MIN),
      shard: null,
    })[0],
  ) as EventOf<"Credentials Accepted">;

describe("resolves go where the page went", () => {
  it("pages a refused key on the critical prod route (the setup every check below answers)", () => {
    expect(names(NOTIFIED_EVENTS["Poll Failed"])).toEqual([
      "platform-slack",
      "oncall",
      "strict-pager",
    ]);
  });

  it("resolves the refused key's incident with the same dedup key, on the pagers only", () => {
    const event = accepted();
    expect(names(event)).toEqual(["oncall", "strict-pager"]);
    const [trigger] = renderPagerDuty(NOTIFIED_EVENTS["Poll Failed"]);
    expect(trigger).toMatchObject({ event_action: "trigger" });
    expect(renderPagerDuty(event)).toEqual([
      { event_action: "resolve", dedup_key: trigger?.dedup_key },
    ]);
    expect(trigger?.dedup_key).toBe(credentialDedupKey("huawei-prod"));
    const deliveries = route(event, config);
    expect(deliveries.map((d) => d.receiver)).toEqual(["oncall", "strict-pager"]);
  });

  it("sends nothing for a key whose clusters no paging route covers", () => {
    expect(names(accepted([ACK_C]))).toEqual([]);
  });

  it("carries an Upgrade Succeeded past the route's critical minimum to the pagers, not to chat routes that ask for critical", () => {
    expect(names(NOTIFIED_EVENTS["Upgrade Succeeded"])).toEqual([
      "platform-slack",
      "oncall",
      "strict-pager",
    ]);
    const onlyCritical = NotifyConfigSchema.parse({
      ...INPUT,
      routes: [{ receivers: ["platform-slack", "oncall"], minSeverity: "critical" }],
    });
    expect(
      receiversFor(NOTIFIED_EVENTS["Upgrade Succeeded"], onlyCritical).map((r) => r.name),
    ).toEqual(["oncall"]);
  });

  it("does not send a success that resolves nothing (Upgrade Started) to a critical pager", () => {
    expect(names(NOTIFIED_EVENTS["Upgrade Started"])).toEqual(["platform-slack"]);
  });

  it("reaches a chat receiver only when a route lists Credentials Accepted by name", () => {
    const listed = NotifyConfigSchema.parse({
      receivers: [{ name: "audit", type: "webhook" }],
      routes: [{ receivers: ["audit"], eventTypes: ["Credentials Accepted"] }],
    });
    expect(receiversFor(accepted(), listed).map((r) => r.name)).toEqual(["audit"]);
    const defaults = NotifyConfigSchema.parse({
      receivers: [{ name: "audit", type: "webhook" }],
      routes: [{ receivers: ["audit"] }],
    });
    expect(receiversFor(accepted(), defaults)).toEqual([]);
  });
});
