import { describe, expect, it } from "vitest";
import { acceptPress } from "../../shared/chat/acceptPress.ts";
import { actionButtons } from "../../shared/chat/actionButtons.ts";
import { actionsFor } from "../../shared/chat/actionsFor.ts";
import { verifyActionToken } from "../../shared/chat/actionToken.ts";
import { confirmationPage } from "../../shared/chat/confirmationPage.ts";
import { parseConfig } from "../../shared/config/parseConfig.ts";
import { type EventOf, ShepherdEventSchema } from "../../shared/events/shepherdEvent.ts";
import type { ActionButton } from "../../shared/notify/actionButton.ts";
import { alertView } from "../../shared/notify/alertView.ts";
import { renderDingTalk } from "../../shared/notify/channels/dingtalk.ts";
import { renderFeishu } from "../../shared/notify/channels/feishu.ts";
import { renderSlack } from "../../shared/notify/channels/slack.ts";
import { renderTeams } from "../../shared/notify/channels/teams.ts";
import { renderWeCom } from "../../shared/notify/channels/wecom.ts";
import { type Receiver, ReceiverSchema } from "../../shared/notify/config.ts";
import { checkAdaptiveCard } from "../helpers/adaptiveCards.ts";
import { NOTIFIED_EVENTS, T0 } from "../helpers/notifyEvents.ts";

// The Approve wave button on Rollout Wave Ready: offered, signed, rendered on every channel that
// has buttons (files a reviewer can read), and accepted or refused as the other presses are.
const KEY = "test-token-key-0123456789abcdef0123456789abcdef";
const BASE = "https://abcdefghij.lambda-url.ap-southeast-1.on.aws/";
const NOW = new Date(T0 + 60_000);
const READY = NOTIFIED_EVENTS["Rollout Wave Ready"];
const receiver = (r: Record<string, unknown>): Receiver => ReceiverSchema.parse(r);
const SLACK = receiver({
  name: "ops-slack",
  type: "slack",
  actions: { pressedBy: { slackUsers: ["U0ALICE001"] } },
});
const FEISHU = receiver({ name: "ops-feishu", type: "feishu", actions: "anyone-in-the-channel" });
const LINKS = (type: string) =>
  receiver({ name: `ops-${type}`, type, actions: "anyone-with-the-link" });
const buttons = (r: Receiver, event: EventOf<"Rollout Wave Ready"> = READY) =>
  actionButtons(event, r, { tokenKey: KEY, baseUrl: BASE, now: NOW });
const file = (v: unknown) => `${JSON.stringify(v, null, 2)}\n`;
const one = (b: ActionButton[]) => new Map([[READY.detail.id, b]]);

describe("the Approve wave button", () => {
  it("is offered on Rollout Wave Ready when the run found clusters to start, and nowhere else new", () => {
    expect(actionsFor(READY)).toEqual(["approve"]);
    const empty = ShepherdEventSchema.parse({
      ...READY,
      detail: { ...READY.detail, firstClusters: [] },
    });
    expect(actionsFor(empty)).toEqual([]);
    expect(actionsFor(NOTIFIED_EVENTS["Rollout Halted"])).toEqual([]);
    // Cluster events never get it, even from a receiver that allows it.
    expect(buttons(SLACK, NOTIFIED_EVENTS["Upgrade Failed"] as never).map((b) => b.action)).toEqual(
      ["cancel"],
    );
  });

  it("signs approve claims for the rollout, the wave and the receiver, expiring with the repeat bucket at the latest", () => {
    const [b] = buttons(SLACK);
    expect(b).toMatchObject({ action: "approve", label: "Approve wave", style: "primary" });
    expect(b?.confirm).toBe(
      "Approve wave early of rollout k8s-1.31? Its first upgrades (c82e6987e2961451182edacd74faf1bd1) start once a fresh read shows the wave still eligible.",
    );
    const exp = Math.floor(NOW.getTime() / 1000) + 3600; // the receiver's 1h < the 4h repeat
    expect(verifyActionToken(b?.token, KEY, NOW)).toEqual({
      v: 1,
      action: "approve",
      rollout: "k8s-1.31",
      wave: "early",
      receiver: "ops-slack",
      exp,
    });
    // A repeat shorter than the receiver's expiry bounds the token: the next message brings a fresh one.
    const short = ShepherdEventSchema.parse({
      ...READY,
      detail: { ...READY.detail, repeatMs: 30 * 60_000 },
    }) as EventOf<"Rollout Wave Ready">;
    const [s] = buttons(SLACK, short);
    expect(verifyActionToken(s?.token, KEY, NOW)?.exp).toBe(
      Math.floor(NOW.getTime() / 1000) + 1800,
    );
  });

  it("follows the receiver's allow list", () => {
    const noApprove = receiver({
      name: "ops-slack",
      type: "slack",
      actions: { pressedBy: "anyone-in-the-channel", allow: ["resume", "cancel", "postcheck"] },
    });
    expect(buttons(noApprove)).toEqual([]);
    expect(buttons(receiver({ name: "ops-slack", type: "slack" }))).toEqual([]);
  });

  const cases: [string, Receiver, (b: ActionButton[]) => unknown][] = [
    ["slack", SLACK, (b) => renderSlack(READY, b)],
    ["feishu", FEISHU, (b) => renderFeishu(READY, b)],
    ["feishu-link", LINKS("feishu"), (b) => renderFeishu(READY, b)],
    ["teams", LINKS("teams"), (b) => renderTeams(READY, b)],
    ["dingtalk", LINKS("dingtalk"), (b) => renderDingTalk([READY], one(b))],
    ["wecom", LINKS("wecom"), (b) => renderWeCom([READY], one(b))],
  ];
  it.each(cases)("renders on %s", async (name, r, render) => {
    const b = buttons(r);
    expect(b.map((x) => x.label)).toEqual(["Approve wave"]);
    const text = JSON.stringify(render(b));
    expect(text).toContain("Approve wave");
    // Callback channels carry the token; link channels the signed link to the confirmation page.
    if (name === "slack" || name === "feishu") expect(text).toContain(b[0]?.token);
    else expect(text).toContain(`${BASE}act?t=`);
    await expect(file(render(b))).toMatchFileSnapshot(
      `./__snapshots__/${name}/rollout-wave-ready-with-approve.json`,
    );
  });

  it("Teams: the card with its Approve link parses cleanly with the adaptivecards library", () => {
    const card = renderTeams(READY, buttons(LINKS("teams")));
    const check = checkAdaptiveCard(card.attachments[0]?.content as object);
    expect(check.parseEvents).toEqual([]);
    expect(check.validationEvents).toEqual([]);
  });
});

const config = parseConfig(
  {
    clusters: [],
    receivers: [
      { name: "ops-slack", type: "slack", actions: { pressedBy: { slackUsers: ["U0ALICE001"] } } },
      { name: "ops-teams", type: "teams", actions: "anyone-with-the-link" },
    ],
    rollouts: [
      {
        name: "k8s-1.31",
        target: { ack: "1.31.1-aliyun.1" },
        waves: [
          { name: "canary", clusters: { labels: { ring: "canary" } }, soak: "1h" },
          { name: "early", approval: "chat" },
        ],
      },
    ],
  },
  { env: {} },
);
const ctx = {
  config,
  clusters: [],
  tokenKey: KEY,
  now: NOW,
  groupMembers: async () => [],
};
const slackPress = (token: string | null, userId = "U0ALICE001") =>
  acceptPress({ token, by: { channel: "slack", userId, userName: "alice" } }, ctx);

describe("a press of Approve wave", () => {
  it("becomes an Action Requested about the wave: no cluster, no upgrade, who pressed", async () => {
    const [b] = buttons(SLACK);
    const answer = await slackPress(b?.token ?? null);
    expect(answer.kind).toBe("requested");
    if (answer.kind !== "requested") return;
    expect(answer.event.detail).toEqual({
      id: expect.stringMatching(/^[0-9a-f]{32}$/),
      severity: "info",
      window: { t: NOW.toISOString(), start: NOW.toISOString(), end: NOW.toISOString() },
      action: "approve",
      rollout: "k8s-1.31",
      wave: "early",
      requestedBy: {
        channel: "slack",
        receiver: "ops-slack",
        userId: "U0ALICE001",
        userName: "alice",
      },
      expiresAt: new Date((Math.floor(NOW.getTime() / 1000) + 3600) * 1000).toISOString(),
    });
    expect(answer.message).toContain('"Approve wave" for wave early of rollout k8s-1.31');
    expect(JSON.stringify(answer.event)).not.toContain(b?.token);
    // Every channel reads it as a wave's approval.
    expect(alertView(answer.event).headline).toBe(
      "🙋 Wave approval requested in chat: Rollout k8s-1.31: wave early",
    );
  });

  it("is refused for a person the receiver does not list, and for a wave no longer in the config", async () => {
    const [b] = buttons(SLACK);
    expect((await slackPress(b?.token ?? null, "U0BOB00001")).kind).toBe("refused");
    const gone = ShepherdEventSchema.parse({
      ...READY,
      detail: { ...READY.detail, wave: "late" },
    }) as EventOf<"Rollout Wave Ready">;
    const [g] = buttons(SLACK, gone);
    const answer = await slackPress(g?.token ?? null);
    expect(answer).toEqual({
      kind: "refused",
      message: "Wave late of rollout k8s-1.31 is no longer in the config; nothing was done.",
    });
  });

  it("from a link shows a confirmation page naming the rollout and the wave, whose button posts the token", () => {
    const [b] = buttons(LINKS("teams"));
    const html = confirmationPage(
      {
        action: "approve",
        rollout: "k8s-1.31",
        wave: "early",
        receiver: "ops-teams",
        expiresAt: new Date(NOW.getTime() + 3_600_000),
      },
      b?.token ?? "",
    );
    expect(html).toContain("<h1>Approve wave early of rollout k8s-1.31?</h1>");
    expect(html).toContain(`<input type="hidden" name="t" value="${b?.token}">`);
    expect(html).toContain('<button type="submit" class="primary">Approve wave</button>');
    expect(html).toContain("Opening this page changed nothing.");
  });
});
