import type { ShepherdEvent } from "../../events/shepherdEvent.ts";
import type { ActionButton } from "../actionButton.ts";
import { type AlertView, alertView, stepText, type Tone } from "../alertView.ts";
import { limitList, progressBar, truncateUnits } from "../format.ts";
import { linkUrl } from "../linkUrl.ts";
import { slackText } from "../markup.ts";
import { markupView } from "../markupView.ts";

/**
 * Block Kit's documented limits (api.slack.com/reference/block-kit/blocks): 50 blocks a
 * message, 150 characters in a header, 3000 in a section's text, 10 fields of 2000 each, 10
 * context elements; a text object holds at most 3000 characters (docs.slack.dev, "Text
 * object"). Slack does not say whether a character is a code point or a UTF-16 unit, so lengths
 * are counted in UTF-16 units, the stricter. The top-level `text` is what notifications show.
 */
export const SLACK_LIMITS = {
  blocks: 50,
  buttonTextChars: 75,
  buttonValueChars: 2000,
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
  /** Always true: no auto-linked URLs or channel names, no parsed mentions. */
  verbatim: true;
}

/**
 * A Block Kit button (docs.slack.dev, "Button element"): `action_id` at most 255 characters,
 * `value` at most 2000, `text` at most 75; `confirm` opens Slack's own dialog before the press
 * is sent. The press comes back to the app's interactivity Request URL (chat-action).
 */
export interface SlackButton {
  type: "button";
  action_id: string;
  text: SlackPlainText;
  value: string;
  style: "primary" | "danger";
  confirm?: {
    title: SlackPlainText;
    text: SlackPlainText;
    confirm: SlackPlainText;
    deny: SlackPlainText;
    style: "danger";
  };
}

export type SlackBlock =
  | { type: "header"; text: SlackPlainText }
  | { type: "actions"; block_id: string; elements: SlackButton[] }
  | { type: "section"; text: SlackMrkdwn }
  | { type: "section"; fields: SlackMrkdwn[] }
  | { type: "context"; elements: SlackMrkdwn[] }
  | { type: "divider" };

/** An incoming-webhook body. Tests check it against `@slack/types`; the bundle does not ship them. */
export interface SlackMessage {
  text: string;
  attachments: { color: string; fallback: string; blocks: SlackBlock[] }[];
}

const mrkdwn = (text: string, max: number = SLACK_LIMITS.sectionChars): SlackMrkdwn => ({
  type: "mrkdwn",
  text: truncateUnits(text, max),
  verbatim: true,
});

/**
 * Block Kit inside one coloured attachment: the colour bar is the only way an incoming webhook
 * shows severity. The console link is a mrkdwn link rather than a button, because a URL button
 * in a webhook message with no interactivity endpoint shows a warning on every click. Every
 * text, plain or mrkdwn, is escaped (`slackText`) before it is laid out. Action buttons (a
 * receiver with `actions`, issue 16) go in one actions block above the footer; their labels are
 * escaped like any text, and a token too long for Slack's `value` drops its button.
 */
export function renderSlack(
  event: ShepherdEvent,
  buttons: readonly ActionButton[] = [],
): SlackMessage {
  const view = markupView(alertView(event), slackText);
  const blocks: SlackBlock[] = [
    {
      type: "header",
      text: {
        type: "plain_text",
        text: truncateUnits(view.headline, SLACK_LIMITS.headerChars),
        emoji: true,
      },
    },
  ];
  if (view.context) blocks.push({ type: "context", elements: [mrkdwn(view.context)] });
  for (let i = 0; i < view.facts.length; i += SLACK_LIMITS.fields) {
    blocks.push({
      type: "section",
      fields: view.facts
        .slice(i, i + SLACK_LIMITS.fields)
        .map((f) => mrkdwn(`*${f.label}*\n${f.value}`, SLACK_LIMITS.fieldChars)),
    });
  }
  if (view.progress !== null) {
    blocks.push(section(`*Progress*\n\`${progressBar(view.progress)}\``));
  }
  if (view.steps.length > 0) blocks.push(section(stepsText(view)));
  for (const t of view.texts) blocks.push(section(`*${t.label}*\n${quote(t.text)}`));
  if (view.list) blocks.push(section(listText(view.list)));
  const link = linkUrl(view.consoleUrl);
  if (link) blocks.push(section(`<${link}|Open in console →>`));
  const elements = buttons.flatMap(slackButton);
  if (elements.length > 0) blocks.push({ type: "actions", block_id: "shepherd-actions", elements });
  blocks.push({ type: "context", elements: [mrkdwn(view.footer)] });
  return {
    text: truncateUnits(view.summary, SLACK_LIMITS.fallbackChars),
    attachments: [
      {
        color: SLACK_COLOURS[view.tone],
        fallback: truncateUnits(view.summary, SLACK_LIMITS.fallbackChars),
        blocks: blocks.slice(0, SLACK_LIMITS.blocks),
      },
    ],
  };
}

const plain = (text: string, max: number): SlackPlainText => ({
  type: "plain_text",
  text: truncateUnits(slackText(text), max),
  emoji: true,
});

function slackButton(b: ActionButton): SlackButton[] {
  if (b.token.length > SLACK_LIMITS.buttonValueChars) return [];
  return [
    {
      type: "button",
      action_id: `shepherd-${b.action}`,
      text: plain(b.label, SLACK_LIMITS.buttonTextChars),
      value: b.token,
      style: b.style,
      ...(b.confirm
        ? {
            confirm: {
              title: plain(`${b.label}?`, 100),
              text: plain(b.confirm, 300),
              confirm: plain(b.label, 30),
              deny: plain("Keep it", 30),
              style: "danger" as const,
            },
          }
        : {}),
    },
  ];
}

const section = (text: string): SlackBlock => ({ type: "section", text: mrkdwn(text) });

const quote = (text: string): string =>
  text
    .split("\n")
    .map((line) => `>${line}`)
    .join("\n");

function stepsText(view: AlertView): string {
  const { shown, omitted } = limitList(view.steps, SLACK_LIMITS.steps);
  const lines = shown.map(stepText);
  if (omitted > 0) lines.push(`_…and ${omitted} more steps not shown_`);
  return `*Steps*\n${lines.join("\n")}`;
}

function listText(list: NonNullable<AlertView["list"]>): string {
  const { shown, omitted } = limitList(list.items, SLACK_LIMITS.listItems);
  const lines = shown.map((item) => `• ${item}`);
  if (omitted > 0) lines.push(`_…and ${omitted} more not shown_`);
  return `*${list.label}* (${list.items.length})\n${lines.join("\n")}`;
}
