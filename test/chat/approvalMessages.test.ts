import { describe, expect, it } from "vitest";
import { hashId } from "../../shared/events/eventId.ts";
import { type ShepherdEvent, ShepherdEventSchema } from "../../shared/events/shepherdEvent.ts";
import { alertView } from "../../shared/notify/alertView.ts";
import { renderCloudEvent } from "../../shared/notify/channels/cloudEvent.ts";
import { renderDingTalk } from "../../shared/notify/channels/dingtalk.ts";
import { renderFeishu } from "../../shared/notify/channels/feishu.ts";
import { renderPagerDuty } from "../../shared/notify/channels/pagerduty.ts";
import { renderSlack } from "../../shared/notify/channels/slack.ts";
import { renderTeams } from "../../shared/notify/channels/teams.ts";
import { renderWebhook } from "../../shared/notify/channels/webhook.ts";
import { renderWeCom } from "../../shared/notify/channels/wecom.ts";
import { approvalSkipped } from "../../shared/rollout/judgeApproval.ts";

// An approval's own messages (Action Requested and the Action Skipped that says why nothing
// started) are about a wave, not a cluster: every channel renders them, as files to read.
const AT = "2025-03-01T10:01:00.000Z";
const ALICE = {
  channel: "slack" as const,
  receiver: "ops-slack",
  userId: "U0ALICE001",
  userName: "alice",
};
const requested = ShepherdEventSchema.parse({
  detailType: "Action Requested",
  time: AT,
  detail: {
    id: hashId(["Action Requested", "approve-1"]),
    severity: "info",
    window: { t: AT, start: AT, end: AT },
    action: "approve",
    rollout: "k8s-1.31",
    wave: "early",
    requestedBy: ALICE,
    expiresAt: "2025-03-01T11:01:00.000Z",
  },
});
const detail = requested.detail as Parameters<typeof approvalSkipped>[0];
const skipped: ShepherdEvent = approvalSkipped(
  detail,
  "precondition",
  "rollout k8s-1.31 is halted (failed: prod-a): nothing starts until those clusters are done or leave the rollout",
  new Date(AT),
);

const RENDER: Record<string, (e: ShepherdEvent) => unknown> = {
  slack: (e) => renderSlack(e),
  teams: (e) => renderTeams(e),
  feishu: (e) => renderFeishu(e),
  dingtalk: (e) => renderDingTalk([e]),
  wecom: (e) => renderWeCom([e]),
  pagerduty: renderPagerDuty,
  webhook: renderWebhook,
  cloudevents: renderCloudEvent,
};
const file = (v: unknown) => `${JSON.stringify(v, null, 2)}\n`;

describe("an approval's messages", () => {
  it("read as a wave's approval, naming who pressed and why nothing started", () => {
    expect(alertView(requested).headline).toBe(
      "🙋 Wave approval requested in chat: Rollout k8s-1.31: wave early",
    );
    const view = alertView(skipped);
    expect(view.headline).toBe("⏭️ Requested wave approval skipped: Rollout k8s-1.31: wave early");
    expect(view.severity).toBe("warning");
    expect(view.facts).toContainEqual({
      label: "Pressed by",
      value: "alice (U0ALICE001) in ops-slack",
    });
    expect(view.facts).toContainEqual({ label: "Reason", value: "the wave is not eligible now" });
    expect(view.texts.map((t) => t.text).join("\n")).toContain("is halted (failed: prod-a)");
  });

  it.each(Object.entries(RENDER))("render on %s", async (channel, render) => {
    for (const [name, event] of [
      ["action-requested-approve", requested],
      ["action-skipped-approve", skipped],
    ] as const) {
      const payload = render(event);
      expect(JSON.stringify(payload)).not.toMatch(/undefined/);
      await expect(file(payload)).toMatchFileSnapshot(`./__snapshots__/${channel}/${name}.json`);
    }
  });
});
