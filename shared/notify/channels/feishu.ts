import type { ShepherdEvent } from "../../events/shepherdEvent.ts";
import type { ActionButton } from "../actionButton.ts";
import { type AlertView, alertView, stepText, type Tone } from "../alertView.ts";
import {
  firstThatFits,
  jsonBytes,
  limitList,
  progressBar,
  truncateUnits,
  utf16Units,
} from "../format.ts";
import { linkUrl } from "../linkUrl.ts";
import { larkMd, plainText } from "../markup.ts";
import { markupView } from "../markupView.ts";

/**
 * A Feishu/Lark custom bot takes a request body of at most 20 KB ("发送消息时，请求体的数据大小不能
 * 超过 20 KB": open.feishu.cn, "自定义机器人使用指南"), counted here as 20,000 bytes of UTF-8 JSON,
 * the stricter reading. A signed request adds `timestamp` and `sign` (a base64 HMAC-SHA256) to
 * the same body, so the card itself keeps `signingReserve` bytes free. The text caps are this
 * project's own, in UTF-16 units.
 */
export const FEISHU_LIMITS = {
  bytes: 20_000,
  signingReserve: 128,
  titleChars: 100,
  fieldChars: 500,
  textChars: 1000,
  steps: 12,
  listItems: 10,
} as const;

/** Card header templates carry the severity colour. */
export const FEISHU_TEMPLATES: Record<Tone, string> = {
  bad: "red",
  warn: "orange",
  good: "green",
  neutral: "blue",
  muted: "grey",
};

type LarkText = { tag: "plain_text" | "lark_md"; content: string };

export type FeishuElement =
  | { tag: "div"; text?: LarkText; fields?: { is_short: boolean; text: LarkText }[] }
  | { tag: "hr" }
  | { tag: "action"; actions: FeishuButton[] }
  | { tag: "note"; elements: LarkText[] };

/**
 * A card button (open.feishu.cn, card JSON 1.0 "button"): `url` opens a link; `value` is sent
 * back in the card callback (`card.action.trigger`) to the app whose bot sent the card, and
 * `confirm` opens Feishu's own dialog first. A custom bot's card can only open links ("Card
 * templates sent by custom bots only support static content": open.feishu.cn, "Sending Feishu
 * Cards with a Custom Bot").
 */
export type FeishuButton = {
  tag: "button";
  text: LarkText;
  type: "primary" | "danger" | "default";
  confirm?: { title: LarkText; text: LarkText };
} & ({ url: string } | { value: { shepherd: string } });

/** A custom-bot interactive message. Signing adds `timestamp` and `sign` beside `msg_type`. */
export interface FeishuMessage {
  msg_type: "interactive";
  card: {
    config: { wide_screen_mode: true };
    header: { template: string; title: { tag: "plain_text"; content: string } };
    elements: FeishuElement[];
  };
}

const md = (content: string): LarkText => ({ tag: "lark_md", content });

/** How much each level keeps; the last one is built to fit whatever the event holds. */
const LEVELS = [
  {
    textChars: FEISHU_LIMITS.textChars,
    steps: FEISHU_LIMITS.steps,
    list: FEISHU_LIMITS.listItems,
    fact: FEISHU_LIMITS.fieldChars,
  },
  { textChars: 300, steps: 6, list: 5, fact: 300 },
  { textChars: 0, steps: 0, list: 3, fact: 150 },
  { textChars: 0, steps: 0, list: 0, fact: 80 },
] as const;

/**
 * An interactive card: coloured header, two-column facts, progress, steps, and a console button.
 * `lark_md` text is escaped with Feishu's entities (`larkMd`), `plain_text` only neutralised;
 * when the card would pass the body limit, messages, then steps and lists, then facts are cut.
 */
export function renderFeishu(
  event: ShepherdEvent,
  buttons: readonly ActionButton[] = [],
): FeishuMessage {
  const raw = alertView(event);
  const views = { raw, md: markupView(raw, larkMd), plain: markupView(raw, plainText) };
  const actions = buttons.flatMap(feishuButton);
  return firstThatFits(
    (level) => card(views, level, actions),
    LEVELS.length,
    (m) => jsonBytes(m) <= FEISHU_LIMITS.bytes - FEISHU_LIMITS.signingReserve,
  );
}

const plainText_ = (content: string): LarkText => ({ tag: "plain_text", content });

/** Labels and questions are ours, and escaped like any text; a link goes through `linkUrl`. */
function feishuButton(b: ActionButton): FeishuButton[] {
  const common = {
    tag: "button" as const,
    text: plainText_(plainText(b.label)),
    type: b.style,
    ...(b.confirm
      ? {
          confirm: {
            title: plainText_(plainText(`${b.label}?`)),
            text: plainText_(plainText(b.confirm)),
          },
        }
      : {}),
  };
  if (b.url === null) return [{ ...common, value: { shepherd: b.token } }];
  const url = linkUrl(b.url);
  return url ? [{ ...common, url }] : [];
}

function card(
  { raw, md: view, plain }: { raw: AlertView; md: AlertView; plain: AlertView },
  level: number,
  buttons: FeishuButton[],
): FeishuMessage {
  const keep = LEVELS[level] ?? LEVELS[LEVELS.length - 1];
  if (!keep) throw new RangeError("no levels");
  const elements: FeishuElement[] = [];
  if (view.context) elements.push({ tag: "div", text: md(truncateUnits(view.context, 500)) });
  if (view.facts.length > 0) {
    elements.push({
      tag: "div",
      fields: view.facts.map((f, i) => ({
        is_short: utf16Units(raw.facts[i]?.value ?? f.value) <= 40,
        text: md(truncateUnits(`**${f.label}**\n${f.value}`, keep.fact)),
      })),
    });
  }
  if (view.progress !== null) {
    elements.push({ tag: "div", text: md(`**Progress** ${progressBar(view.progress)}`) });
  }
  if (view.steps.length > 0 && keep.steps > 0) {
    elements.push({ tag: "div", text: md(stepsText(view, keep.steps)) });
  }
  if (keep.textChars > 0) {
    for (const t of view.texts) {
      elements.push({
        tag: "div",
        text: md(truncateUnits(`**${t.label}**\n${t.text}`, keep.textChars)),
      });
    }
  }
  if (view.list && keep.list > 0)
    elements.push({ tag: "div", text: md(listText(view.list, keep.list)) });
  if (level > 0) {
    elements.push({
      tag: "div",
      text: { tag: "plain_text", content: "Some details were cut to fit the message size limit." },
    });
  }
  if (buttons.length > 0) {
    elements.push({ tag: "hr" });
    elements.push({ tag: "action", actions: buttons });
  }
  const link = linkUrl(raw.consoleUrl);
  if (link) {
    if (buttons.length === 0) elements.push({ tag: "hr" });
    elements.push({
      tag: "action",
      actions: [
        {
          tag: "button",
          text: { tag: "plain_text", content: "Open in console" },
          type: view.tone === "bad" ? "danger" : "primary",
          url: link,
        },
      ],
    });
  }
  elements.push({
    tag: "note",
    elements: [{ tag: "plain_text", content: truncateUnits(plain.footer, 500) }],
  });
  return {
    msg_type: "interactive",
    card: {
      config: { wide_screen_mode: true },
      header: {
        template: FEISHU_TEMPLATES[view.tone],
        title: {
          tag: "plain_text",
          content: truncateUnits(plain.headline, FEISHU_LIMITS.titleChars),
        },
      },
      elements,
    },
  };
}

function stepsText(view: AlertView, max: number): string {
  const { shown, omitted } = limitList(view.steps, max);
  const lines = shown.map((s) => truncateUnits(stepText(s), 300));
  if (omitted > 0) lines.push(`…and ${omitted} more steps not shown`);
  return `**Steps**\n${lines.join("\n")}`;
}

function listText(list: NonNullable<AlertView["list"]>, max: number): string {
  const { shown, omitted } = limitList(list.items, max);
  const lines = shown.map((item) => `- ${truncateUnits(item, 200)}`);
  if (omitted > 0) lines.push(`- …and ${omitted} more not shown`);
  return `**${list.label}** (${list.items.length})\n${lines.join("\n")}`;
}
