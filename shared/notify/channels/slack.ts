import type { ShepherdEvent } from "../../events/shepherdEvent.ts";
import { type AlertView, alertView, stepText, type Tone } from "../alertView.ts";
import { limitList, progressBar, truncate } from "../format.ts";
import { escapeSlack } from "../markup.ts";

/**
 * Block Kit's documented limits (api.slack.com/reference/block-kit/blocks): 50 blocks a
 * message, 150 characters in a header, 3000 in a section's text, 10 fields of 2000 each, 10
 * context elements. The top-level `text` is what notifications show.
 */
export const SLACK_LIMITS = {
  blocks: 50,
  headerChars: 150,
  sectionChars: 3000,
  fields: 10,
  fieldChars: 2000,
  contextElements: 10,
  fallbackChars: 3000,
  steps: 12,
  listItems: 10,
} as const;

/** The severity colour of the attachment's left bar. */
export const SLACK_COLOURS: Record<Tone, string> = {
  bad: "#D92D20",
  warn: "#F79009",
  good: "#12B76A",
  neutral: "#2E90FA",
  muted: "#98A2B3",
};

export interface SlackPlainText {
  type: "plain_text";
  text: string;
  emoji?: boolean;
}

export interface SlackMrkdwn {
  type: "mrkdwn";
  text: string;
}

export type SlackBlock =
  | { type: "header"; text: SlackPlainText }
  | { type: "section"; text: SlackMrkdwn }
  | { type: "section"; fields: SlackMrkdwn[] }
  | { type: "context"; elements: SlackMrkdwn[] }
  | { type: "divider" };

/** An incoming-webhook body. Tests check it against `@slack/types`; the bundle does not ship them. */
export interface SlackMessage {
  text: string;
  attachments: { color: string; fallback: string; blocks: SlackBlock[] }[];
}

const mrkdwn = (text: string): SlackMrkdwn => ({ type: "mrkdwn", text });

/**
 * Block Kit inside one coloured attachment: the colour bar is the only way an incoming webhook
 * shows severity. The console link is a mrkdwn link rather than a button, because a URL button
 * in a webhook message with no interactivity endpoint shows a warning on every click.
 */
export function renderSlack(event: ShepherdEvent): SlackMessage {
  const view = alertView(event);
  const blocks: SlackBlock[] = [
    {
      type: "header",
      text: {
        type: "plain_text",
        text: truncate(view.headline, SLACK_LIMITS.headerChars),
        emoji: true,
      },
    },
  ];
  if (view.context) blocks.push({ type: "context", elements: [mrkdwn(escapeSlack(view.context))] });
  for (let i = 0; i < view.facts.length; i += SLACK_LIMITS.fields) {
    blocks.push({
      type: "section",
      fields: view.facts
        .slice(i, i + SLACK_LIMITS.fields)
        .map((f) =>
          mrkdwn(
            truncate(`*${escapeSlack(f.label)}*\n${escapeSlack(f.value)}`, SLACK_LIMITS.fieldChars),
          ),
        ),
    });
  }
  if (view.progress !== null) {
    blocks.push(section(`*Progress*\n\`${progressBar(view.progress)}\``));
  }
  if (view.steps.length > 0) blocks.push(section(stepsText(view)));
  for (const t of view.texts) {
    blocks.push(section(`*${escapeSlack(t.label)}*\n${quote(escapeSlack(t.text))}`));
  }
  if (view.list) blocks.push(section(listText(view.list)));
  if (view.consoleUrl) blocks.push(section(`<${view.consoleUrl}|Open in console →>`));
  blocks.push({ type: "context", elements: [mrkdwn(escapeSlack(view.footer))] });
  return {
    text: truncate(view.summary, SLACK_LIMITS.fallbackChars),
    attachments: [
      {
        color: SLACK_COLOURS[view.tone],
        fallback: truncate(view.summary, SLACK_LIMITS.fallbackChars),
        blocks: blocks.slice(0, SLACK_LIMITS.blocks),
      },
    ],
  };
}

const section = (text: string): SlackBlock => ({
  type: "section",
  text: mrkdwn(truncate(text, SLACK_LIMITS.sectionChars)),
});

const quote = (text: string): string =>
  text
    .split("\n")
    .map((line) => `>${line}`)
    .join("\n");

function stepsText(view: AlertView): string {
  const { shown, omitted } = limitList(view.steps, SLACK_LIMITS.steps);
  const lines = shown.map((s) => escapeSlack(stepText(s)));
  if (omitted > 0) lines.push(`_…and ${omitted} more steps not shown_`);
  return `*Steps*\n${lines.join("\n")}`;
}

function listText(list: NonNullable<AlertView["list"]>): string {
  const { shown, omitted } = limitList(list.items, SLACK_LIMITS.listItems);
  const lines = shown.map((item) => `• ${escapeSlack(item)}`);
  if (omitted > 0) lines.push(`_…and ${omitted} more not shown_`);
  return `*${escapeSlack(list.label)}* (${list.items.length})\n${lines.join("\n")}`;
}
