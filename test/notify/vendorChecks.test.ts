import type { AnyBlock, KnownBlock, MessageAttachment } from "@slack/types";
import { CloudEvent, HTTP } from "cloudevents";
import { describe, expect, expectTypeOf, it } from "vitest";
import { buildRequests } from "../../shared/notify/buildRequests.ts";
import { renderCloudEvent } from "../../shared/notify/channels/cloudEvent.ts";
import { DINGTALK_LIMITS, renderDingTalk } from "../../shared/notify/channels/dingtalk.ts";
import { FEISHU_LIMITS, renderFeishu } from "../../shared/notify/channels/feishu.ts";
import { PAGERDUTY_LIMITS, renderPagerDuty } from "../../shared/notify/channels/pagerduty.ts";
import {
  renderSlack,
  SLACK_LIMITS,
  type SlackBlock,
  type SlackMessage,
} from "../../shared/notify/channels/slack.ts";
import { renderTeams, TEAMS_LIMITS } from "../../shared/notify/channels/teams.ts";
import { renderWeCom, WECOM_LIMITS } from "../../shared/notify/channels/wecom.ts";
import { receiverSecret } from "../../shared/notify/receiverSecret.ts";
import { checkAdaptiveCard } from "../helpers/adaptiveCards.ts";
import { extremeEvents, NOTIFIED, NOTIFIED_EVENTS } from "../helpers/notifyEvents.ts";

const EVERY = [...NOTIFIED.map(([, e]) => e), ...extremeEvents()];
const bytes = (v: unknown): number => Buffer.byteLength(JSON.stringify(v), "utf8");
const chars = (s: string): number => [...s].length;

describe("Slack: Block Kit typed with @slack/types, within the documented limits", () => {
  it("the renderer's types are Slack's types", () => {
    expectTypeOf<SlackBlock>().toExtend<KnownBlock>();
    expectTypeOf<SlackMessage["attachments"][number]>().toExtend<MessageAttachment>();
    const message = renderSlack(NOTIFIED_EVENTS["Upgrade Failed"]);
    const typed: { text: string; attachments: MessageAttachment[] } = message;
    const blocks: AnyBlock[] = typed.attachments[0]?.blocks ?? [];
    expect(blocks[0]?.type).toBe("header");
  });

  it.each(EVERY.map((e) => [e.detailType, e] as const))("%s fits", (_type, event) => {
    const message = renderSlack(event);
    expect(chars(message.text)).toBeLessThanOrEqual(SLACK_LIMITS.fallbackChars);
    for (const attachment of message.attachments) {
      expect(attachment.blocks.length).toBeLessThanOrEqual(SLACK_LIMITS.blocks);
      for (const block of attachment.blocks) {
        if (block.type === "header") expect(chars(block.text.text)).toBeLessThanOrEqual(150);
        if (block.type === "section" && "text" in block)
          expect(chars(block.text.text)).toBeLessThanOrEqual(3000);
        if (block.type === "section" && "fields" in block) {
          expect(block.fields.length).toBeLessThanOrEqual(10);
          for (const f of block.fields) expect(chars(f.text)).toBeLessThanOrEqual(2000);
        }
        if (block.type === "context") expect(block.elements.length).toBeLessThanOrEqual(10);
      }
    }
  });

  it("says so when it cuts a list, and escapes what a cloud wrote", () => {
    const [failed, poll] = extremeEvents();
    const text = JSON.stringify(renderSlack(failed as never));
    expect(text).toContain("more steps not shown");
    expect(text).not.toContain("<at id=all>");
    expect(text).toContain("&lt;\u200Bat id=all&gt;");
    expect(JSON.stringify(renderSlack(poll as never))).toContain("_…and 290 more not shown_");
  });
});

describe("Teams: every card parses and validates with the adaptivecards library", () => {
  it.each(EVERY.map((e) => [e.detailType, e] as const))("%s", (_type, event) => {
    const message = renderTeams(event);
    const card = message.attachments[0]?.content;
    expect(card).toBeDefined();
    const check = checkAdaptiveCard(card as object);
    expect(check.parseEvents).toEqual([]);
    expect(check.validationEvents).toEqual([]);
    expect(check.roundTrip).toEqual(card);
    expect(bytes(message)).toBeLessThanOrEqual(TEAMS_LIMITS.bytes);
  });

  it("the check itself catches a bad card", () => {
    const check = checkAdaptiveCard({
      type: "AdaptiveCard",
      version: "1.4",
      body: [{ type: "TextBox", text: "x" }],
      actions: [{ type: "Action.OpenUrl", title: "no url" }],
    });
    expect([...check.parseEvents, ...check.validationEvents].length).toBeGreaterThan(0);
  });
});

describe("CloudEvents: built and validated with the cloudevents SDK", () => {
  it.each(NOTIFIED)(
    "%s is a valid CloudEvent, and reads back from the HTTP request",
    (_type, event) => {
      const body = renderCloudEvent(event);
      const sdk = new CloudEvent(body as never);
      expect(sdk.validate()).toBe(true);
      expect(sdk.specversion).toBe("1.0");
      const [request] = buildRequests(
        "cloudevents",
        [event],
        receiverSecret({ url: "https://events.example.com/in", signingSecret: "s3cret-for-tests" }),
        { now: new Date("2025-03-01T10:00:05Z") },
      );
      const back = HTTP.toEvent({
        headers: request?.headers ?? {},
        body: request?.body,
      }) as CloudEvent;
      expect(back.id).toBe(event.detail.id);
      expect(back.type).toBe(body.type);
      expect(back.source).toBe("upgrade-shepherd");
      expect(back.data).toEqual(event);
      expect(back.severity).toBe(event.detail.severity);
    },
  );
});

describe("robots and PagerDuty stay within their documented limits", () => {
  const twenty = Array.from({ length: 20 }, (_, i) => NOTIFIED[i % NOTIFIED.length]?.[1]).filter(
    (e) => e !== undefined,
  );

  it.each(EVERY.map((e) => [e.detailType, e] as const))("%s", (_type, event) => {
    expect(Buffer.byteLength(renderWeCom([event]).markdown.content)).toBeLessThanOrEqual(
      WECOM_LIMITS.contentBytes,
    );
    expect(chars(renderDingTalk([event]).markdown.text)).toBeLessThanOrEqual(
      DINGTALK_LIMITS.textChars,
    );
    expect(bytes(renderFeishu(event))).toBeLessThanOrEqual(FEISHU_LIMITS.bytes);
    for (const pd of renderPagerDuty(event)) {
      expect(pd.dedup_key.length).toBeLessThanOrEqual(255);
      if (pd.event_action === "trigger") {
        expect(chars(pd.payload.summary)).toBeLessThanOrEqual(PAGERDUTY_LIMITS.summaryChars);
        expect(bytes(pd)).toBeLessThan(512 * 1024);
      }
    }
  });

  it("a 20-event digest fits WeCom's 4096 bytes, dropping detail before events", () => {
    const content = renderWeCom(twenty).markdown.content;
    expect(Buffer.byteLength(content)).toBeLessThanOrEqual(WECOM_LIMITS.contentBytes);
    expect(content).toMatch(/^\*\*20 upgrade events/);
  });

  it("a 20-event DingTalk digest lists every event", () => {
    const text = renderDingTalk(twenty).markdown.text;
    expect(chars(text)).toBeLessThanOrEqual(DINGTALK_LIMITS.textChars);
    expect(text.match(/\*\*<font/g)?.length).toBe(20);
  });

  it("the worst event is cut with a note, not refused", () => {
    const [failed] = extremeEvents();
    const content = renderWeCom([failed as never]).markdown.content;
    expect(content).toMatch(/more steps not shown|cut to fit/);
  });
});
