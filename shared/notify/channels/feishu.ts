import type { ShepherdEvent } from "../../events/shepherdEvent.ts";
import { type AlertView, alertView, stepText, type Tone } from "../alertView.ts";
import { limitList, progressBar, truncate } from "../format.ts";
import { escapeLarkMd } from "../markup.ts";

/**
 * A Feishu/Lark custom bot takes a request body of at most 20 KB; the limits below keep a card
 * well under it whatever the provider's messages hold.
 */
export const FEISHU_LIMITS = {
  bytes: 20_000,
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
  | {
      tag: "action";
      actions: {
        tag: "button";
        text: LarkText;
        type: "primary" | "danger" | "default";
        url: string;
      }[];
    }
  | { tag: "note"; elements: LarkText[] };

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

/** An interactive card: coloured header, two-column facts, progress, steps, and a console button. */
export function renderFeishu(event: ShepherdEvent): FeishuMessage {
  const view = alertView(event);
  const elements: FeishuElement[] = [];
  if (view.context) elements.push({ tag: "div", text: md(escapeLarkMd(view.context)) });
  if (view.facts.length > 0) {
    elements.push({
      tag: "div",
      fields: view.facts.map((f) => ({
        is_short: f.value.length <= 40,
        text: md(
          truncate(
            `**${escapeLarkMd(f.label)}**\n${escapeLarkMd(f.value)}`,
            FEISHU_LIMITS.fieldChars,
          ),
        ),
      })),
    });
  }
  if (view.progress !== null) {
    elements.push({ tag: "div", text: md(`**Progress** ${progressBar(view.progress)}`) });
  }
  if (view.steps.length > 0) elements.push({ tag: "div", text: md(stepsText(view)) });
  for (const t of view.texts) {
    elements.push({
      tag: "div",
      text: md(
        truncate(`**${escapeLarkMd(t.label)}**\n${escapeLarkMd(t.text)}`, FEISHU_LIMITS.textChars),
      ),
    });
  }
  if (view.list) elements.push({ tag: "div", text: md(listText(view.list)) });
  if (view.consoleUrl) {
    elements.push({ tag: "hr" });
    elements.push({
      tag: "action",
      actions: [
        {
          tag: "button",
          text: { tag: "plain_text", content: "Open in console" },
          type: view.tone === "bad" ? "danger" : "primary",
          url: view.consoleUrl,
        },
      ],
    });
  }
  elements.push({ tag: "note", elements: [{ tag: "plain_text", content: view.footer }] });
  return {
    msg_type: "interactive",
    card: {
      config: { wide_screen_mode: true },
      header: {
        template: FEISHU_TEMPLATES[view.tone],
        title: { tag: "plain_text", content: truncate(view.headline, FEISHU_LIMITS.titleChars) },
      },
      elements,
    },
  };
}

function stepsText(view: AlertView): string {
  const { shown, omitted } = limitList(view.steps, FEISHU_LIMITS.steps);
  const lines = shown.map((s) => escapeLarkMd(stepText(s)));
  if (omitted > 0) lines.push(`…and ${omitted} more steps not shown`);
  return `**Steps**\n${lines.join("\n")}`;
}

function listText(list: NonNullable<AlertView["list"]>): string {
  const { shown, omitted } = limitList(list.items, FEISHU_LIMITS.listItems);
  const lines = shown.map((item) => `- ${escapeLarkMd(item)}`);
  if (omitted > 0) lines.push(`- …and ${omitted} more not shown`);
  return `**${escapeLarkMd(list.label)}** (${list.items.length})\n${lines.join("\n")}`;
}
