import { describe, expect, it } from "vitest";
import { renderCloudEvent } from "../../shared/notify/channels/cloudEvent.ts";
import { renderDingTalk } from "../../shared/notify/channels/dingtalk.ts";
import { renderFeishu } from "../../shared/notify/channels/feishu.ts";
import { renderPagerDuty } from "../../shared/notify/channels/pagerduty.ts";
import { renderSlack } from "../../shared/notify/channels/slack.ts";
import { renderTeams } from "../../shared/notify/channels/teams.ts";
import { renderWebhook } from "../../shared/notify/channels/webhook.ts";
import { renderWeCom } from "../../shared/notify/channels/wecom.ts";
import type { ReceiverType } from "../../shared/notify/receiverType.ts";
import { NOTIFIED, NOTIFIED_EVENTS } from "../helpers/notifyEvents.ts";

/**
 * Every channel's payload for every notified event type, as files a reviewer can read
 * (`__snapshots__/<channel>/<event>.json`). The renderers are pure, so these are exactly the
 * bodies sent, before signing; nothing secret is in them.
 */
const RENDER: Record<ReceiverType, (e: (typeof NOTIFIED)[number][1]) => unknown> = {
  slack: renderSlack,
  teams: renderTeams,
  feishu: renderFeishu,
  dingtalk: (e) => renderDingTalk([e]),
  wecom: (e) => renderWeCom([e]),
  pagerduty: renderPagerDuty,
  webhook: renderWebhook,
  cloudevents: renderCloudEvent,
};

const slug = (type: string): string => type.toLowerCase().replace(/\s+/g, "-");
const file = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;

describe.each(Object.entries(RENDER))("%s payloads", (channel, render) => {
  it.each(NOTIFIED)("%s", async (type, event) => {
    const payload = render(event);
    expect(JSON.stringify(payload)).not.toMatch(/undefined/);
    await expect(file(payload)).toMatchFileSnapshot(
      `./__snapshots__/${channel}/${slug(type)}.json`,
    );
  });
});

describe("robot digests", () => {
  const batch = [
    NOTIFIED_EVENTS["Upgrade Started"],
    NOTIFIED_EVENTS["Upgrade Failed"],
    NOTIFIED_EVENTS["Upgrade Stalled"],
  ];

  it("DingTalk puts several events in one markdown message, most severe first", async () => {
    const message = renderDingTalk(batch);
    expect(message.markdown.title).toBe("3 upgrade events (1 critical, 1 warning)");
    const text = message.markdown.text;
    expect(text.indexOf("Upgrade failed")).toBeLessThan(text.indexOf("Upgrade stalled"));
    expect(text.indexOf("Upgrade stalled")).toBeLessThan(text.indexOf("Upgrade started"));
    await expect(file(message)).toMatchFileSnapshot("./__snapshots__/dingtalk/digest-of-3.json");
  });

  it("WeCom does the same within its byte limit", async () => {
    const message = renderWeCom(batch);
    expect(message.markdown.content.split("\n")[0]).toBe(
      "**3 upgrade events (1 critical, 1 warning)**",
    );
    await expect(file(message)).toMatchFileSnapshot("./__snapshots__/wecom/digest-of-3.json");
  });
});
