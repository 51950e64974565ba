import type { ShepherdEvent } from "../../events/shepherdEvent.ts";
import type { ActionButton } from "../actionButton.ts";
import { type AlertView, alertView, type Tone } from "../alertView.ts";
import { firstThatFits, jsonBytes, limitList, progressBar, truncateUnits } from "../format.ts";
import { linkUrl } from "../linkUrl.ts";
import { markdownText, plainText } from "../markup.ts";
import { markupView } from "../markupView.ts";

/**
 * Teams refuses a message over 28 KB ("The message size limit is 28 KB. When the size exceeds
 * 28 KB, you receive an error": learn.microsoft.com, "Create an Incoming Webhook"; the Workflows
 * connector says the same of "Post card in a chat or channel"). Counted here as 28,000 bytes of
 * UTF-8 JSON, the stricter reading of "KB". Adaptive Card 1.4 is what Teams renders on every
 * client, desktop and mobile, through a Workflows ("When a Teams webhook request is received")
 * webhook. The text caps are this project's own, counted in UTF-16 units.
 */
export const TEAMS_LIMITS = {
  bytes: 28_000,
  textChars: 2000,
  factChars: 500,
  steps: 15,
  listItems: 15,
} as const;

export const ADAPTIVE_CARD_VERSION = "1.4";

/** Container styles carry the severity colour. */
export const TEAMS_STYLES: Record<Tone, string> = {
  bad: "attention",
  warn: "warning",
  good: "good",
  neutral: "accent",
  muted: "emphasis",
};

export type CardElement = Record<string, unknown> & { type: string };

export interface AdaptiveCard {
  $schema: string;
  type: "AdaptiveCard";
  version: string;
  body: CardElement[];
  actions?: CardElement[];
}

/** The Workflows webhook body: one message with the card as its attachment. */
export interface TeamsMessage {
  type: "message";
  attachments: {
    contentType: "application/vnd.microsoft.card.adaptive";
    contentUrl: null;
    content: AdaptiveCard;
  }[];
}

const text = (
  value: string,
  extra: Record<string, unknown> = {},
  max: number = TEAMS_LIMITS.textChars,
): CardElement => ({
  type: "TextBlock",
  text: truncateUnits(value, max),
  wrap: true,
  ...extra,
});

/** How much each level keeps; the last one is built to fit 28,000 bytes whatever the event. */
const LEVELS = [
  { textChars: TEAMS_LIMITS.textChars, steps: TEAMS_LIMITS.steps, list: 15, facts: 40, fact: 500 },
  { textChars: 500, steps: 8, list: 8, facts: 40, fact: 300 },
  { textChars: 0, steps: 0, list: 3, facts: 20, fact: 200 },
  { textChars: 0, steps: 0, list: 0, facts: 10, fact: 100 },
] as const;

/**
 * A card a responder can read at a glance: a coloured banner, the facts, steps and one button.
 * Every text is escaped for Adaptive Card Markdown (`markdownText`) before it is laid out; when
 * the card would pass 28,000 bytes, messages, then steps, then facts are cut, and a note says so.
 */
export function renderTeams(
  event: ShepherdEvent,
  buttons: readonly ActionButton[] = [],
): TeamsMessage {
  const view = markupView(alertView(event), markdownText);
  const actions = buttons.flatMap(openUrl);
  return firstThatFits(
    (level) => message(view, level, actions),
    LEVELS.length,
    (m) => jsonBytes(m) <= TEAMS_LIMITS.bytes,
  );
}

/**
 * A signed link as an `Action.OpenUrl`: Teams' Workflows webhook cannot post a press back, so
 * the button opens chat-action's confirmation page. The title is plain text in Adaptive Cards.
 */
function openUrl(b: ActionButton): CardElement[] {
  const url = linkUrl(b.url);
  return url ? [{ type: "Action.OpenUrl", title: plainText(b.label), url }] : [];
}

function message(view: AlertView, level: number, buttons: CardElement[]): TeamsMessage {
  const keep = LEVELS[level] ?? LEVELS[LEVELS.length - 1];
  if (!keep) throw new RangeError("no levels");
  const body: CardElement[] = [
    {
      type: "Container",
      style: TEAMS_STYLES[view.tone],
      bleed: true,
      items: [
        text(view.headline, { weight: "Bolder", size: "Medium" }, 300),
        text(view.context || view.detailType, { isSubtle: true, spacing: "None" }, 500),
      ],
    },
  ];
  if (view.facts.length > 0) {
    body.push({
      type: "FactSet",
      facts: view.facts.slice(0, keep.facts).map((f) => ({
        title: truncateUnits(f.label, 100),
        value: truncateUnits(f.value, keep.fact),
      })),
    });
  }
  if (view.progress !== null) {
    body.push(text(`**Progress** ${progressBar(view.progress)}`));
  }
  if (view.steps.length > 0 && keep.steps > 0) body.push(...stepsElements(view, keep.steps));
  if (keep.textChars > 0) {
    for (const t of view.texts) {
      body.push(
        text(t.label, { weight: "Bolder", spacing: "Medium" }, 100),
        text(t.text, {}, keep.textChars),
      );
    }
  }
  if (view.list && keep.list > 0) body.push(...listElements(view.list, keep.list));
  if (level > 0) {
    body.push(text("Some details were cut to fit the message size limit.", { isSubtle: true }));
  }
  body.push(text(view.footer, { isSubtle: true, size: "Small", spacing: "Medium" }, 500));
  const link = linkUrl(view.consoleUrl);
  return {
    type: "message",
    attachments: [
      {
        contentType: "application/vnd.microsoft.card.adaptive",
        contentUrl: null,
        content: {
          $schema: "http://adaptivecards.io/schemas/adaptive-card.json",
          type: "AdaptiveCard",
          version: ADAPTIVE_CARD_VERSION,
          body,
          ...(link || buttons.length > 0
            ? {
                actions: [
                  ...buttons,
                  ...(link
                    ? [{ type: "Action.OpenUrl", title: "Open in console", url: link }]
                    : []),
                ],
              }
            : {}),
        },
      },
    ],
  };
}

function stepsElements(view: AlertView, max: number): CardElement[] {
  const { shown, omitted } = limitList(view.steps, max);
  const out: CardElement[] = [
    text("Steps", { weight: "Bolder", spacing: "Medium" }),
    {
      type: "FactSet",
      facts: shown.map((s) => ({
        title: truncateUnits(`${s.icon} ${s.name}`, 100),
        value: truncateUnits(s.when ? `${s.status} · ${s.when}` : s.status, 200),
      })),
    },
  ];
  if (omitted > 0) out.push(text(`…and ${omitted} more steps not shown`, { isSubtle: true }));
  return out;
}

function listElements(list: NonNullable<AlertView["list"]>, max: number): CardElement[] {
  const { shown, omitted } = limitList(list.items, max);
  const lines = shown.map((item) => `- ${truncateUnits(item, 200)}`);
  if (omitted > 0) lines.push(`- …and ${omitted} more not shown`);
  return [
    text(`${list.label} (${list.items.length})`, { weight: "Bolder", spacing: "Medium" }),
    text(lines.join("\n")),
  ];
}
