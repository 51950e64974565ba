import type { ShepherdEvent } from "../../events/shepherdEvent.ts";
import { type AlertView, alertView, type Tone } from "../alertView.ts";
import { limitList, progressBar, truncate } from "../format.ts";

/**
 * Teams takes messages up to about 28 KB; Adaptive Card 1.4 is what Teams renders on every
 * client, desktop and mobile, through a Workflows ("When a Teams webhook request is received")
 * webhook.
 */
export const TEAMS_LIMITS = {
  bytes: 28_000,
  textChars: 2000,
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

const text = (value: string, extra: Record<string, unknown> = {}): CardElement => ({
  type: "TextBlock",
  text: truncate(value, TEAMS_LIMITS.textChars),
  wrap: true,
  ...extra,
});

/** A card a responder can read at a glance: a coloured banner, the facts, steps and one button. */
export function renderTeams(event: ShepherdEvent): TeamsMessage {
  const view = alertView(event);
  const body: CardElement[] = [
    {
      type: "Container",
      style: TEAMS_STYLES[view.tone],
      bleed: true,
      items: [
        text(view.headline, { weight: "Bolder", size: "Medium" }),
        text(view.context || view.detailType, {
          isSubtle: true,
          spacing: "None",
        }),
      ],
    },
  ];
  if (view.facts.length > 0) {
    body.push({
      type: "FactSet",
      facts: view.facts.map((f) => ({ title: f.label, value: truncate(f.value, 500) })),
    });
  }
  if (view.progress !== null) {
    body.push(text(`**Progress** ${progressBar(view.progress)}`));
  }
  if (view.steps.length > 0) body.push(...stepsElements(view));
  for (const t of view.texts) {
    body.push(text(t.label, { weight: "Bolder", spacing: "Medium" }), text(t.text));
  }
  if (view.list) body.push(...listElements(view.list));
  body.push(text(view.footer, { isSubtle: true, size: "Small", spacing: "Medium" }));
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
          ...(view.consoleUrl
            ? {
                actions: [
                  { type: "Action.OpenUrl", title: "Open in console", url: view.consoleUrl },
                ],
              }
            : {}),
        },
      },
    ],
  };
}

function stepsElements(view: AlertView): CardElement[] {
  const { shown, omitted } = limitList(view.steps, TEAMS_LIMITS.steps);
  const out: CardElement[] = [
    text("Steps", { weight: "Bolder", spacing: "Medium" }),
    {
      type: "FactSet",
      facts: shown.map((s) => ({
        title: `${s.icon} ${s.name}`,
        value: s.when ? `${s.status} · ${s.when}` : s.status,
      })),
    },
  ];
  if (omitted > 0) out.push(text(`…and ${omitted} more steps not shown`, { isSubtle: true }));
  return out;
}

function listElements(list: NonNullable<AlertView["list"]>): CardElement[] {
  const { shown, omitted } = limitList(list.items, TEAMS_LIMITS.listItems);
  const lines = shown.map((item) => `- ${item}`);
  if (omitted > 0) lines.push(`- …and ${omitted} more not shown`);
  return [
    text(`${list.label} (${list.items.length})`, { weight: "Bolder", spacing: "Medium" }),
    text(lines.join("\n")),
  ];
}
