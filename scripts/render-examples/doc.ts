import { readFileSync } from "node:fs";
import type { Tone } from "../../shared/notify/alertView.ts";
import { renderCloudEvent } from "../../shared/notify/channels/cloudEvent.ts";
import { DINGTALK_COLOURS, renderDingTalk } from "../../shared/notify/channels/dingtalk.ts";
import { FEISHU_TEMPLATES, renderFeishu } from "../../shared/notify/channels/feishu.ts";
import { renderPagerDuty } from "../../shared/notify/channels/pagerduty.ts";
import { SLACK_COLOURS } from "../../shared/notify/channels/slack.ts";
import { TEAMS_STYLES } from "../../shared/notify/channels/teams.ts";
import { renderWebhook } from "../../shared/notify/channels/webhook.ts";
import { renderWeCom, WECOM_COLOURS } from "../../shared/notify/channels/wecom.ts";
import { NOTIFIED_EVENTS } from "../../test/helpers/notifyEvents.ts";
import { fillTemplate } from "./html.ts";

/** A pictured event: `docs/images/<channel>-<slug>.png`, shown under its caption. */
export interface Picture {
  slug: string;
  caption: string;
}

/** Marks what an excerpt leaves out; the full payloads are the test snapshots. */
const GAP = "…";

const FAILED = NOTIFIED_EVENTS["Upgrade Failed"];
const STARTED = NOTIFIED_EVENTS["Upgrade Started"];
const SUCCEEDED = NOTIFIED_EVENTS["Upgrade Succeeded"];

/** docs/messages.md: the template with pictures and payload excerpts filled in. */
export function messagesDoc(
  template: string,
  pictures: Picture[],
  imagePath: (name: string) => string,
): string {
  const images = (channel: string): string =>
    pictures
      .map(({ slug, caption }) => {
        const name = `${channel}-${slug}.png`;
        const width = cssWidth(imagePath(name));
        return `**${caption}**\n\n<img src="images/${name}" width="${width}" alt="${channel} message: ${caption}">`;
      })
      .join("\n\n");

  const feishu = renderFeishu(FAILED);
  const feishuExcerpt = {
    ...feishu,
    card: {
      ...feishu.card,
      elements: feishu.card.elements.map((e) =>
        "fields" in e && e.fields ? { ...e, fields: [...e.fields.slice(0, 2), GAP] } : e,
      ),
    },
  };

  const dingtalk = renderDingTalk([FAILED]);
  const digest = renderDingTalk([STARTED, FAILED, NOTIFIED_EVENTS["Upgrade Stalled"]]);
  const wecom = renderWeCom([STARTED]);
  const webhook = renderWebhook(FAILED);
  const cloudEvent = renderCloudEvent(FAILED);

  return fillTemplate(template, {
    SLACK_IMAGES: images("slack"),
    TEAMS_IMAGES: images("teams"),
    TONES: tonesTable(),
    FEISHU: fence("json", compactJson(feishuExcerpt, 3)),
    DINGTALK_BODY: inlineCode(
      compactJson({ ...dingtalk, markdown: { ...dingtalk.markdown, text: GAP } }, 0),
    ),
    DINGTALK: fence("markdown", dingtalk.markdown.text),
    DINGTALK_DIGEST: fence("markdown", digest.markdown.text),
    WECOM_BODY: inlineCode(compactJson({ ...wecom, markdown: { content: GAP } }, 0)),
    WECOM: fence("markdown", wecom.markdown.content),
    PAGERDUTY_TRIGGER: fence("json", compactJson(renderPagerDuty(FAILED), 4)),
    PAGERDUTY_RESOLVE: fence("json", compactJson(renderPagerDuty(SUCCEEDED), 2)),
    WEBHOOK: fence(
      "json",
      compactJson(
        { ...webhook, event: { ...webhook.event, detail: { [GAP]: "the event as published" } } },
        1,
      ),
    ),
    CLOUDEVENTS: fence(
      "json",
      compactJson(
        {
          ...cloudEvent,
          data: { ...cloudEvent.data, detail: { [GAP]: "the event as published" } },
        },
        1,
      ),
    ),
  });
}

/** A PNG's width in CSS pixels: its IHDR width over the device scale it was taken at. */
function cssWidth(path: string, scale = 2): number {
  let header: Buffer;
  try {
    header = readFileSync(path).subarray(0, 24);
  } catch {
    throw new Error(`${path} is missing: run without --doc-only to render the pictures`);
  }
  if (header.toString("latin1", 12, 16) !== "IHDR") throw new Error(`${path} is not a PNG`);
  return Math.round(header.readUInt32BE(16) / scale);
}

const TONE_USES: Record<Tone, string> = {
  bad: "failed, post-check failed, action failed, credentials refused, auto actions suspended",
  warn: "paused, stalled, cancelled, cannot read cluster, action skipped (warning)",
  good: "succeeded, post-check passed, action succeeded",
  neutral: "started / in progress, dry run",
  muted: "action skipped (info)",
};

function tonesTable(): string {
  const rows = (Object.keys(TONE_USES) as Tone[]).map(
    (t) =>
      `| ${TONE_USES[t]} | \`${SLACK_COLOURS[t]}\` | \`${TEAMS_STYLES[t]}\` | \`${FEISHU_TEMPLATES[t]}\` | \`${DINGTALK_COLOURS[t]}\` | \`${WECOM_COLOURS[t]}\` |`,
  );
  return [
    "| events | Slack bar | Teams banner style | Feishu header | DingTalk title | WeCom title |",
    "|---|---|---|---|---|---|",
    ...rows,
  ].join("\n");
}

/** A value printed on one line when it fits in this many characters. */
const SHORT = 80;

/**
 * JSON with the first `expand` levels one entry a line and anything deeper, or short, on one
 * line (`{ "a": 1, "b": [2, 3] }`), the way the README shows payloads.
 */
export function compactJson(value: unknown, expand: number, indent = ""): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value);
  const isArray = Array.isArray(value);
  const entries: [string | null, unknown][] = isArray
    ? value.map((v) => [null, v])
    : Object.entries(value);
  const [open, close] = isArray ? ["[", "]"] : ["{", "}"];
  if (entries.length === 0) return `${open}${close}`;
  const key = (k: string | null): string => (k === null ? "" : `${JSON.stringify(k)}: `);
  const inner = entries.map(([k, v]) => `${key(k)}${compactJson(v, 0)}`).join(", ");
  const oneLine = isArray ? `[${inner}]` : `{ ${inner} }`;
  if (expand <= 0 || indent.length + oneLine.length <= SHORT) return oneLine;
  const deeper = `${indent}  `;
  const lines = entries.map(([k, v]) => `${deeper}${key(k)}${compactJson(v, expand - 1, deeper)}`);
  return `${open}\n${lines.join(",\n")}\n${indent}${close}`;
}

/** A fenced code block whose fence no backtick run in the text can close. */
function fence(lang: string, text: string): string {
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const marks = "`".repeat(Math.max(3, longest + 1));
  return `${marks}${lang}\n${text}\n${marks}`;
}

const inlineCode = (text: string): string =>
  text.includes("`") ? `\`\` ${text} \`\`` : `\`${text}\``;
