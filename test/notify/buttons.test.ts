import type { ActionsBlock, Button } from "@slack/types";
import { describe, expect, expectTypeOf, it } from "vitest";
import { actionButtons } from "../../shared/chat/actionButtons.ts";
import { actionsFor } from "../../shared/chat/actionsFor.ts";
import { verifyActionToken } from "../../shared/chat/actionToken.ts";
import type { ShepherdEvent } from "../../shared/events/shepherdEvent.ts";
import type { Upgrade } from "../../shared/model/snapshot.ts";
import type { ActionButton } from "../../shared/notify/actionButton.ts";
import { renderDingTalk } from "../../shared/notify/channels/dingtalk.ts";
import { renderFeishu } from "../../shared/notify/channels/feishu.ts";
import { renderSlack, type SlackButton } from "../../shared/notify/channels/slack.ts";
import { renderTeams } from "../../shared/notify/channels/teams.ts";
import { renderWeCom } from "../../shared/notify/channels/wecom.ts";
import { type Receiver, ReceiverSchema } from "../../shared/notify/config.ts";
import { checkAdaptiveCard } from "../helpers/adaptiveCards.ts";
import {
  AUTOPILOT_B,
  cceUpgrade,
  decided,
  NOTIFIED_EVENTS,
  PROD_A,
  T0,
} from "../helpers/notifyEvents.ts";

const KEY = "test-token-key-0123456789abcdef0123456789abcdef";
const BASE = "https://abcdefghij.lambda-url.ap-southeast-1.on.aws/";
const NOW = new Date(T0 + 60_000);
const receiver = (r: Record<string, unknown>): Receiver => ReceiverSchema.parse(r);
const SLACK = receiver({
  name: "ops-slack",
  type: "slack",
  actions: { pressedBy: { slackUsers: ["U0ALICE001"] } },
});
const FEISHU = receiver({ name: "ops-feishu", type: "feishu", actions: "anyone-in-the-channel" });
const LINKS = (type: string) =>
  receiver({ name: `ops-${type}`, type, actions: "anyone-with-the-link" });
const buttons = (event: ShepherdEvent = NOTIFIED_EVENTS["Upgrade Failed"], r = SLACK) =>
  actionButtons(event, r, { tokenKey: KEY, baseUrl: BASE, now: NOW });
const upgradeOf = (e: ShepherdEvent): Upgrade => {
  const u = "upgrade" in e.detail ? e.detail.upgrade : null;
  if (!u) throw new Error(`${e.detailType} has no upgrade`);
  return u;
};
const slug = (s: string) => s.toLowerCase().replace(/\s+/g, "-");
const file = (v: unknown) => `${JSON.stringify(v, null, 2)}\n`;

describe("which buttons an event carries", () => {
  it("offers what makes sense for the upgrade it shows", () => {
    expect(actionsFor(NOTIFIED_EVENTS["Upgrade Paused"])).toEqual(["resume"]);
    expect(actionsFor(NOTIFIED_EVENTS["Upgrade Failed"])).toEqual(["cancel"]);
    expect(actionsFor(NOTIFIED_EVENTS["Upgrade Succeeded"])).toEqual(["postcheck"]);
    expect(actionsFor(NOTIFIED_EVENTS["Action Skipped"])).toEqual(["resume"]);
    for (const type of [
      "Upgrade Started",
      "Upgrade Cancelled",
      "Poll Failed",
      "Postcheck Passed",
      "Action Succeeded",
      "Auto Actions Suspended",
      "Action Requested",
    ] as const) {
      expect(actionsFor(NOTIFIED_EVENTS[type]), type).toEqual([]);
    }
  });

  it("offers no resume on Autopilot, which documents no continue operation", () => {
    const paused = decided(
      "Upgrade Paused",
      AUTOPILOT_B,
      cceUpgrade({ phase: "paused", rawPhase: "Pause" }),
    );
    expect(actionsFor(paused)).toEqual([]);
  });

  it("offers no postcheck once one is recorded, and no cancel where the documented preconditions fail", () => {
    const recorded = decided("Upgrade Succeeded", PROD_A, {
      ...upgradeOf(NOTIFIED_EVENTS["Upgrade Succeeded"]),
      steps: [{ name: "PostCheck", status: "Success", startedAt: null, finishedAt: null }],
    });
    expect(actionsFor(recorded)).toEqual([]);
    const failed = upgradeOf(NOTIFIED_EVENTS["Upgrade Failed"]);
    const running = decided("Upgrade Failed", PROD_A, { ...failed, workflowPhase: "Running" });
    expect(actionsFor(running)).toEqual([]);
  });

  it("offers nothing on the outcome of a press: the presser is answered already", () => {
    const skipped = NOTIFIED_EVENTS["Action Skipped"];
    const pressed = {
      ...skipped,
      detail: {
        ...skipped.detail,
        requestedBy: {
          channel: "slack" as const,
          receiver: "ops-slack",
          userId: "U0ALICE001",
          userName: "alice",
        },
      },
    };
    expect(actionsFor(pressed)).toEqual([]);
  });

  it("shows only what the receiver allows, and nothing on channels without buttons", () => {
    const noCancel = receiver({
      name: "ops-slack",
      type: "slack",
      actions: { pressedBy: "anyone-in-the-channel", allow: ["resume"] },
    });
    expect(buttons(NOTIFIED_EVENTS["Upgrade Failed"], noCancel)).toEqual([]);
    expect(
      buttons(NOTIFIED_EVENTS["Upgrade Failed"], receiver({ name: "ops-slack", type: "slack" })),
    ).toEqual([]);
    expect(
      actionButtons(NOTIFIED_EVENTS["Upgrade Failed"], LINKS("teams"), {
        tokenKey: KEY,
        baseUrl: null,
        now: NOW,
      }),
    ).toEqual([]);
  });

  it("signs each token for its receiver, cluster, upgrade and action, expiring after the receiver's expiry", () => {
    const [b] = buttons();
    const claims = verifyActionToken(b?.token, KEY, NOW);
    expect(claims).toEqual({
      v: 1,
      action: "cancel",
      cluster: "cce/cn-north-4/0b1c2d3e4f/8978deaa-1743-11ee-8e46-0255ac10004c",
      upgrade: NOTIFIED_EVENTS["Upgrade Failed"].detail.upgrade?.id,
      receiver: "ops-slack",
      exp: Math.floor(NOW.getTime() / 1000) + 3600,
    });
    expect(b?.url).toBeNull();
    const [link] = buttons(NOTIFIED_EVENTS["Upgrade Failed"], LINKS("teams"));
    expect(link?.url?.startsWith(`${BASE}act?t=`)).toBe(true);
  });
});

describe("buttons in every channel, as files a reviewer can read", () => {
  const cases: [string, unknown, (b: ActionButton[]) => unknown][] = [
    ["slack", SLACK, (b) => renderSlack(NOTIFIED_EVENTS["Upgrade Paused"], b)],
    ["feishu", FEISHU, (b) => renderFeishu(NOTIFIED_EVENTS["Upgrade Paused"], b)],
    ["feishu-link", LINKS("feishu"), (b) => renderFeishu(NOTIFIED_EVENTS["Upgrade Paused"], b)],
    ["teams", LINKS("teams"), (b) => renderTeams(NOTIFIED_EVENTS["Upgrade Paused"], b)],
    [
      "dingtalk",
      LINKS("dingtalk"),
      (b) =>
        renderDingTalk(
          [NOTIFIED_EVENTS["Upgrade Paused"]],
          new Map([[NOTIFIED_EVENTS["Upgrade Paused"].detail.id, b]]),
        ),
    ],
    [
      "wecom",
      LINKS("wecom"),
      (b) =>
        renderWeCom(
          [NOTIFIED_EVENTS["Upgrade Paused"]],
          new Map([[NOTIFIED_EVENTS["Upgrade Paused"].detail.id, b]]),
        ),
    ],
  ];
  it.each(cases)("%s", async (name, r, render) => {
    const b = buttons(NOTIFIED_EVENTS["Upgrade Paused"], r as Receiver);
    expect(b.map((x) => x.label)).toEqual(["Resume now"]);
    const channel = name.split("-")[0] ?? name;
    await expect(file(render(b))).toMatchFileSnapshot(
      `./__snapshots__/${channel}/${slug(`upgrade paused with buttons${name.includes("link") ? " link" : ""}`)}.json`,
    );
  });

  it("Slack: the buttons are Slack's own Button and ActionsBlock types, within their limits", () => {
    expectTypeOf<SlackButton>().toExtend<Button>();
    const message = renderSlack(NOTIFIED_EVENTS["Upgrade Failed"], buttons());
    const block = message.attachments[0]?.blocks.find((x) => x.type === "actions");
    const typed: ActionsBlock | undefined = block as ActionsBlock | undefined;
    const [button] = (typed?.elements ?? []) as Button[];
    expect(button?.action_id).toBe("shepherd-cancel");
    expect(button?.style).toBe("danger");
    expect(button?.value?.length).toBeLessThanOrEqual(2000);
    expect(button?.confirm?.text.text).toContain("Cancel the failed upgrade of prod-a?");
  });

  it("Teams: the card with its link buttons parses cleanly with the adaptivecards library", () => {
    const card = renderTeams(
      NOTIFIED_EVENTS["Upgrade Paused"],
      buttons(NOTIFIED_EVENTS["Upgrade Paused"], LINKS("teams")),
    );
    const check = checkAdaptiveCard(card.attachments[0]?.content as object);
    expect(check.parseEvents).toEqual([]);
    expect(check.validationEvents).toEqual([]);
    expect((check.roundTrip.actions as { title: string }[]).map((a) => a.title)).toEqual([
      "Resume now",
      "Open in console",
    ]);
  });

  it("escapes a cluster name in the confirmation text like any other text", () => {
    const hostile = { ...PROD_A, name: "<!channel> @here evil.example" };
    const failed = decided("Upgrade Failed", hostile, upgradeOf(NOTIFIED_EVENTS["Upgrade Failed"]));
    const text = JSON.stringify(renderSlack(failed, buttons(failed)));
    expect(text).not.toContain("<!channel>");
    expect(text).not.toContain("evil.example");
    expect(text).toContain("&lt;\u200B!channel&gt;");
  });
});
