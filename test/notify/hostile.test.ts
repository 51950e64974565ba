import { describe, expect, it } from "vitest";
import type { ShepherdEvent } from "../../shared/events/shepherdEvent.ts";
import { buildRequests } from "../../shared/notify/buildRequests.ts";
import { renderCloudEvent } from "../../shared/notify/channels/cloudEvent.ts";
import { DINGTALK_LIMITS, renderDingTalk } from "../../shared/notify/channels/dingtalk.ts";
import { FEISHU_LIMITS, renderFeishu } from "../../shared/notify/channels/feishu.ts";
import { PAGERDUTY_LIMITS, renderPagerDuty } from "../../shared/notify/channels/pagerduty.ts";
import { renderSlack, SLACK_LIMITS } from "../../shared/notify/channels/slack.ts";
import { renderTeams, TEAMS_LIMITS } from "../../shared/notify/channels/teams.ts";
import { renderWebhook, WEBHOOK_LIMITS } from "../../shared/notify/channels/webhook.ts";
import { renderWeCom, WECOM_LIMITS } from "../../shared/notify/channels/wecom.ts";
import { linkUrl } from "../../shared/notify/linkUrl.ts";
import { receiverSecret } from "../../shared/notify/receiverSecret.ts";
import { checkAdaptiveCard } from "../helpers/adaptiveCards.ts";
import { NOTIFIED_EVENTS } from "../helpers/notifyEvents.ts";
import { hostileEvents, hostileFleetFailure, hostilePrecheckSkipped } from "./hostileFixture.ts";

/**
 * Every channel, every notified event type, one hostile fixture (`hostileFixture.ts`): nothing a
 * cloud, a config or a user wrote is live (no link but the console's, no mention, no tag, no
 * image, no emphasis where the channel can escape it, no bidi control), and every vendor limit
 * holds in the unit the vendor counts.
 */
const CASES: [string, ShepherdEvent][] = [
  ...hostileEvents(),
  ["Poll Failed over 300 clusters", hostileFleetFailure()],
  ["Action Skipped: precheck findings", hostilePrecheckSkipped()],
];

const units = (s: string): number => s.length;
const bytes = (s: string): number => Buffer.byteLength(s, "utf8");
const jsonBytes = (v: unknown): number => bytes(JSON.stringify(v));

/** Every string in a payload, keys included. */
function strings(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (value && typeof value === "object") {
    return Object.entries(value).flatMap(([k, v]) => [k, ...strings(v)]);
  }
  return [];
}

const consoleLink = (event: ShepherdEvent): string | null =>
  linkUrl("consoleUrl" in event.detail ? event.detail.consoleUrl : null);

/** Half an emoji: a cut in the wrong unit. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** What must hold on every human channel, whatever its markup. */
function nothingLiveAnywhere(texts: string[], event: ShepherdEvent): void {
  const link = consoleLink(event);
  for (const s of texts) {
    expect(s).not.toMatch(LONE_SURROGATE);
    // The renderers' own links to the console are the only ones allowed.
    const rest = link ? s.split(`](${link})`).join("").split(link).join("") : s;
    expect(rest).not.toMatch(/evil\.example/);
    expect(rest).not.toMatch(/[a-z]:\/\//i);
    expect(rest).not.toMatch(/(^|[^a-z])www\./i);
    expect(rest).not.toMatch(/@(all|here|channel|\d|U0|wecomuser|evil)/);
    expect(rest).not.toMatch(/[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/);
    expect(rest).not.toMatch(/!\[/);
    expect(rest).not.toMatch(/\]\s*\(/);
    expect(rest).not.toMatch(/&#?[A-Za-z0-9]+;at/);
  }
}

/** `<` followed by a tag name or a Slack/WeCom sigil, other than the renderers' own `<font>`. */
const liveTags = (s: string, own: RegExp = /^$/): string[] =>
  (s.match(/<[A-Za-z/!@#?][^>]*>?/g) ?? []).filter((t) => !own.test(t));

/** The hostile text's markup, unescaped. */
const RAW_MARKUP = /(?<!\\)\*\*bold(?<!\\)\*\*|(?<![\\\w])_em(?<!\\)_|(?<!\\)`code(?<!\\)`/;

describe.each(CASES)("%s", (_type, event) => {
  it("Slack: only our console link is a link; text objects are verbatim; Block Kit limits hold", () => {
    const message = renderSlack(event);
    const link = consoleLink(event);
    nothingLiveAnywhere(strings(message), event);
    expect(units(message.text)).toBeLessThanOrEqual(SLACK_LIMITS.fallbackChars);
    for (const a of message.attachments) {
      expect(units(a.fallback)).toBeLessThanOrEqual(SLACK_LIMITS.fallbackChars);
      expect(a.blocks.length).toBeLessThanOrEqual(SLACK_LIMITS.blocks);
      for (const b of a.blocks) {
        const texts =
          b.type === "header"
            ? [b.text]
            : b.type === "context"
              ? b.elements
              : b.type === "section"
                ? "fields" in b
                  ? b.fields
                  : [b.text]
                : [];
        if (b.type === "header") expect(units(b.text.text)).toBeLessThanOrEqual(150);
        if (b.type === "context") expect(b.elements.length).toBeLessThanOrEqual(10);
        if (b.type === "section" && "fields" in b) {
          expect(b.fields.length).toBeLessThanOrEqual(10);
          for (const f of b.fields) expect(units(f.text)).toBeLessThanOrEqual(2000);
        }
        for (const t of texts) {
          expect(units(t.text)).toBeLessThanOrEqual(3000);
          if (t.type === "mrkdwn") expect(t.verbatim).toBe(true);
          // Slack's control sequences all start with `<`: the only one left is ours.
          for (const seq of t.text.match(/<[^>]*>?/g) ?? []) {
            expect(seq).toBe(`<${link}|Open in console →>`);
          }
        }
      }
    }
    expect(message.text).not.toMatch(/</);
    if (link) expect(JSON.stringify(message)).toContain(`<${link}|Open in console →>`);
  });

  it("Teams: Markdown escaped in TextBlocks and facts, the card parses, 28,000 bytes hold", () => {
    const message = renderTeams(event);
    const card = message.attachments[0]?.content;
    expect(jsonBytes(message)).toBeLessThanOrEqual(TEAMS_LIMITS.bytes);
    const check = checkAdaptiveCard(card as object);
    expect([...check.parseEvents, ...check.validationEvents]).toEqual([]);
    const texts = strings(card?.body);
    nothingLiveAnywhere(texts, event);
    for (const s of texts) {
      expect(liveTags(s)).toEqual([]);
      expect(s).not.toMatch(RAW_MARKUP);
    }
    for (const action of card?.actions ?? []) {
      expect(action).toEqual({
        type: "Action.OpenUrl",
        title: "Open in console",
        url: consoleLink(event),
      });
    }
  });

  it("Feishu: lark_md holds no tag, bracket or emphasis; the signed body stays under 20 KB", () => {
    const message = renderFeishu(event);
    nothingLiveAnywhere(strings(message), event);
    const lark: string[] = [];
    const plain: string[] = [];
    const walk = (v: unknown): void => {
      if (Array.isArray(v)) v.forEach(walk);
      else if (v && typeof v === "object") {
        const o = v as Record<string, unknown>;
        if (o.tag === "lark_md" && typeof o.content === "string") lark.push(o.content);
        if (o.tag === "plain_text" && typeof o.content === "string") plain.push(o.content);
        Object.values(o).forEach(walk);
      }
    };
    walk(message);
    expect(lark.length).toBeGreaterThan(0);
    for (const s of lark) {
      expect(s).not.toMatch(/[<>[\]`~\\]/);
      expect(s.replace(/\*\*[A-Za-z ]+\*\*/g, "")).not.toMatch(/[*_]/);
    }
    for (const s of plain) expect(liveTags(s)).toEqual([]);
    for (const el of message.card.elements) {
      if (el.tag === "action") {
        expect(el.actions.map((a) => ("url" in a ? a.url : null))).toEqual([consoleLink(event)]);
      }
    }
    const [signed] = buildRequests(
      "feishu",
      [event],
      receiverSecret({ url: "https://open.feishu.cn/hook/x", signingSecret: "s3cret-for-tests" }),
      { now: new Date("2025-03-01T10:00:05Z") },
    );
    expect(bytes(signed?.body ?? "")).toBeLessThanOrEqual(FEISHU_LIMITS.bytes);
  });

  it("DingTalk: only our <font> tags and console link; 5,000 UTF-16 units and a 64-unit title", () => {
    for (const { markdown } of [renderDingTalk([event]), renderDingTalk([event, event, event])]) {
      nothingLiveAnywhere([markdown.title, markdown.text], event);
      expect(units(markdown.text)).toBeLessThanOrEqual(DINGTALK_LIMITS.textChars);
      expect(units(markdown.title)).toBeLessThanOrEqual(DINGTALK_LIMITS.titleChars);
      expect(liveTags(markdown.text, /^<\/?font( color="#[0-9A-F]{6}")?>$/)).toEqual([]);
      expect(liveTags(markdown.title)).toEqual([]);
      expect(markdown.text).not.toMatch(RAW_MARKUP);
      const targets = [...markdown.text.matchAll(/\]\(([^)]*)\)/g)].map(([, t]) => t);
      for (const t of targets) expect(t).toBe(consoleLink(event));
      if (consoleLink(event)) expect(targets.length).toBeGreaterThan(0);
    }
  });

  it("WeCom: only our <font> tags and console link; 4,096 bytes of UTF-8", () => {
    for (const { markdown } of [renderWeCom([event]), renderWeCom([event, event, event])]) {
      nothingLiveAnywhere([markdown.content], event);
      expect(bytes(markdown.content)).toBeLessThanOrEqual(WECOM_LIMITS.contentBytes);
      expect(liveTags(markdown.content, /^<\/?font( color="(info|comment|warning)")?>$/)).toEqual(
        [],
      );
      expect(markdown.content).not.toMatch(RAW_MARKUP);
      const targets = [...markdown.content.matchAll(/\]\(([^)]*)\)/g)].map(([, t]) => t);
      for (const t of targets) expect(t).toBe(consoleLink(event));
      if (consoleLink(event)) expect(targets.length).toBeGreaterThan(0);
    }
  });

  it("PagerDuty: plain text, summary 1,024 units, dedup key 255, request under 512 KB", () => {
    const requests = buildRequests(
      "pagerduty",
      [event],
      receiverSecret({
        url: "https://events.pagerduty.com/v2/enqueue",
        routingKey: "R".repeat(32),
      }),
      { now: new Date("2025-03-01T10:00:05Z") },
    );
    for (const body of renderPagerDuty(event)) {
      expect(units(body.dedup_key)).toBeLessThanOrEqual(PAGERDUTY_LIMITS.dedupKeyChars);
      if (body.event_action !== "trigger") continue;
      nothingLiveAnywhere(strings(body.payload), event);
      expect(units(body.payload.summary)).toBeLessThanOrEqual(PAGERDUTY_LIMITS.summaryChars);
      for (const s of strings(body.payload)) expect(liveTags(s)).toEqual([]);
      const link = consoleLink(event);
      expect(body.links.map((l) => l.href)).toEqual(link ? [link] : []);
    }
    for (const r of requests) expect(bytes(r.body)).toBeLessThan(PAGERDUTY_LIMITS.bodyBytes);
  });

  it("generic webhook and CloudEvents: the event stays raw, the added texts are capped", () => {
    const body = renderWebhook(event);
    expect(body.event).toEqual(event);
    expect(units(body.title)).toBeLessThanOrEqual(WEBHOOK_LIMITS.titleChars);
    expect(units(body.summary)).toBeLessThanOrEqual(WEBHOOK_LIMITS.summaryChars);
    expect(JSON.parse(JSON.stringify(body)).event).toEqual(event);
    expect(renderCloudEvent(event).data).toEqual(event);
  });
});

describe("a hostile console URL", () => {
  const failed = NOTIFIED_EVENTS["Upgrade Failed"];
  // Not parsed: the schema already refuses some of these (`not a url`); the renderers must not
  // rely on it.
  const withUrl = (url: string): ShepherdEvent =>
    ({ ...failed, detail: { ...failed.detail, consoleUrl: url } }) as ShepherdEvent;

  it("cannot end the link early or add markup: what breaks a link is percent-encoded", () => {
    const event = withUrl("https://console.example/x?a=1)](https://evil.example)<!channel>|y *z*");
    const link =
      "https://console.example/x?a=1%29%5D%28https://evil.example%29%3C%21channel%3E%7Cy%20%2Az%2A";
    expect(consoleLink(event)).toBe(link);
    expect(JSON.stringify(renderSlack(event))).toContain(`<${link}|Open in console →>`);
    expect(renderDingTalk([event]).markdown.text).toContain(`[Open in console](${link})`);
    expect(renderWeCom([event]).markdown.content).toContain(`[Open in console](${link})`);
    expect(renderTeams(event).attachments[0]?.content.actions?.[0]?.url).toBe(link);
  });

  it("is no link at all unless it is http(s) without credentials", () => {
    for (const url of ["javascript:alert(1)", "https://user:pw@console.example/", "not a url"]) {
      const event = withUrl(url);
      expect(linkUrl(url)).toBeNull();
      expect(JSON.stringify(renderSlack(event))).not.toContain("Open in console");
      expect(renderTeams(event).attachments[0]?.content.actions).toBeUndefined();
      expect(renderWeCom([event]).markdown.content).not.toContain("Open in console");
      expect(renderDingTalk([event]).markdown.text).not.toContain("Open in console");
      expect(JSON.stringify(renderFeishu(event))).not.toContain("Open in console");
    }
  });
});
