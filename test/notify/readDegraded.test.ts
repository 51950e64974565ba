import { describe, expect, it } from "vitest";
import { decide } from "../../shared/decide/decide.ts";
import { windowFor } from "../../shared/decide/windowFor.ts";
import { type EventOf, ShepherdEventSchema } from "../../shared/events/shepherdEvent.ts";
import type { UpgradeSnapshot } from "../../shared/model/snapshot.ts";
import { alertView } from "../../shared/notify/alertView.ts";
import { renderCloudEvent } from "../../shared/notify/channels/cloudEvent.ts";
import { renderDingTalk } from "../../shared/notify/channels/dingtalk.ts";
import { renderFeishu } from "../../shared/notify/channels/feishu.ts";
import { renderPagerDuty } from "../../shared/notify/channels/pagerduty.ts";
import { renderSlack } from "../../shared/notify/channels/slack.ts";
import { renderTeams } from "../../shared/notify/channels/teams.ts";
import { renderWebhook } from "../../shared/notify/channels/webhook.ts";
import { renderWeCom } from "../../shared/notify/channels/wecom.ts";
import { NotifyConfigSchema } from "../../shared/notify/config.ts";
import { receiversFor } from "../../shared/notify/route.ts";
import { cceUpgrade, MIN, POLICY, PROD_A, T0 } from "../helpers/notifyEvents.ts";

// Read Degraded as each channel shows it, made by the real decide. Its words (not its layout,
// which the channels' own snapshot tests cover) are what is asserted here.

const readDegraded = (s: UpgradeSnapshot): EventOf<"Read Degraded"> => {
  const events = decide(s, windowFor(new Date(T0), 5 * MIN, 2 * MIN), POLICY);
  const found = events.find((e) => e.detailType === "Read Degraded");
  if (!found) throw new Error(`no Read Degraded in ${events.map((e) => e.detailType)}`);
  return ShepherdEventSchema.parse(found) as EventOf<"Read Degraded">;
};

const unknownState = readDegraded({
  cluster: PROD_A,
  readAt: new Date(T0).toISOString(),
  upgrade: cceUpgrade({ phase: "unknown", rawPhase: "Rollback" }),
});

const refused = readDegraded({
  cluster: PROD_A,
  readAt: new Date(T0).toISOString(),
  upgrade: null,
  degraded: {
    reason: "upgrade-api-unavailable",
    operation: "ListUpgradeWorkFlows",
    code: "CCE.01403001",
    message: "No permission to call the cluster upgrade API",
  },
});

const CHANNELS = {
  slack: renderSlack,
  teams: renderTeams,
  feishu: renderFeishu,
  dingtalk: (e: EventOf<"Read Degraded">) => renderDingTalk([e]),
  wecom: (e: EventOf<"Read Degraded">) => renderWeCom([e]),
  webhook: renderWebhook,
  cloudevents: renderCloudEvent,
};

describe("Read Degraded, as people read it", () => {
  it("names the undocumented state, where it was read, and that nothing acts on it", () => {
    const view = alertView(unknownState);
    expect(view.headline).toBe("❓ Upgrade state not recognised: prod-a");
    expect(view.tone).toBe("warn");
    expect(view.facts).toEqual(
      expect.arrayContaining([
        { label: "Provider state", value: "Rollback" },
        { label: "Read from", value: "CCE upgrade task and workflow" },
        { label: "Automatic actions", value: "none while the state is not recognised" },
        { label: "Reminder", value: "every 1h" },
      ]),
    );
  });

  it("names the refused call, the cloud's code and its message", () => {
    const view = alertView(refused);
    expect(view.headline).toBe("🔒 Upgrade details unavailable: prod-a");
    expect(view.facts).toEqual(
      expect.arrayContaining([
        { label: "Refused call", value: "ListUpgradeWorkFlows" },
        { label: "Code", value: "CCE.01403001" },
      ]),
    );
    expect(view.texts).toEqual([
      { label: "Refusal", text: "No permission to call the cluster upgrade API" },
    ]);
  });

  it.each(Object.entries(CHANNELS))(
    "%s carries the raw value and the refused call",
    (_, render) => {
      expect(JSON.stringify(render(unknownState))).toContain("Rollback");
      const text = JSON.stringify(render(refused));
      expect(text).toContain("ListUpgradeWorkFlows");
      expect(text).toContain("CCE.01403001");
    },
  );

  it("opens no PagerDuty incident: a warning, like a stall", () => {
    expect(renderPagerDuty(unknownState)).toEqual([]);
    expect(renderPagerDuty(refused)).toEqual([]);
  });

  it("reaches a receiver that follows the catalogue's defaults", () => {
    const config = NotifyConfigSchema.parse({
      receivers: [{ name: "ops", type: "slack" }],
      routes: [{ receivers: ["ops"] }],
    });
    expect(receiversFor(unknownState, config).map((r) => r.name)).toEqual(["ops"]);
  });
});
