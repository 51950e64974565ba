import type { ShepherdEvent } from "../../events/shepherdEvent.ts";
import { type ButtonsByEvent, markdownActionLinks } from "../actionButton.ts";
import { type AlertView, alertView, stepText, type Tone } from "../alertView.ts";
import { bySeverity, digestTitle } from "../digest.ts";
import { fitText, limitList, progressBar, truncateUnits, utf16Units } from "../format.ts";
import { linkUrl } from "../linkUrl.ts";
import { markdownText, plainText } from "../markup.ts";
import { markupView } from "../markupView.ts";

/**
 * DingTalk documents no length limit for markdown, but folds long messages on phones; 5,000
 * characters is this project's own cap, counted in UTF-16 units (the stricter count). The
 * documented limit that matters is 20 messages a minute per robot, which is why several events
 * can share one message (`renderDingTalk` takes a list).
 */
export const DINGTALK_LIMITS = {
  textChars: 5000,
  titleChars: 64,
  digestEntries: 20,
} as const;

export const DINGTALK_COLOURS: Record<Tone, string> = {
  bad: "#D92D20",
  warn: "#F79009",
  good: "#12B76A",
  neutral: "#2E90FA",
  muted: "#98A2B3",
};

export interface DingTalkMessage {
  msgtype: "markdown";
  markdown: { title: string; text: string };
}

const coloured = (view: AlertView, text: string): string =>
  `<font color="${DINGTALK_COLOURS[view.tone]}">${text}</font>`;

/**
 * One event as a full message, or several as a digest (most severe first). DingTalk markdown
 * needs a blank line between paragraphs.
 */
export function renderDingTalk(
  events: readonly ShepherdEvent[],
  buttons: ButtonsByEvent = new Map(),
): DingTalkMessage {
  const raw = bySeverity(events).map(alertView);
  const views = raw.map((v) => markupView(v, markdownText));
  const act = (v: AlertView) => markdownActionLinks(buttons.get(v.eventId), markdownText, linkUrl);
  const [only] = views;
  if (only && views.length === 1) {
    return {
      msgtype: "markdown",
      markdown: {
        title: truncateUnits(plainText(raw[0]?.headline ?? ""), DINGTALK_LIMITS.titleChars),
        text: fitText(
          (level) => single(only, level, act(only)),
          SINGLE_LEVELS.length,
          DINGTALK_LIMITS.textChars,
          utf16Units,
          cut,
        ),
      },
    };
  }
  return {
    msgtype: "markdown",
    markdown: {
      title: truncateUnits(digestTitle(views), DINGTALK_LIMITS.titleChars),
      text: fitText(
        (level) => digest(views, level, act),
        4,
        DINGTALK_LIMITS.textChars,
        utf16Units,
        cut,
      ),
    },
  };
}

const CUT_NOTE = "\n\n_(cut to fit the message limit)_";

const cut = (text: string, max: number): string =>
  `${truncateUnits(text, max - utf16Units(CUT_NOTE))}${CUT_NOTE}`;

/**
 * How much each level of a single-event message keeps. Level 0 is everything; each level drops
 * detail a responder can find in the console; the last caps every field so that the console
 * link and the footer always fit, whatever a cloud wrote.
 */
const SINGLE_LEVELS = [
  { head: 1000, text: 1000, steps: 12, facts: 40, fact: 500, list: 10 },
  { head: 300, text: 300, steps: 6, facts: 40, fact: 200, list: 3 },
  { head: 150, text: 0, steps: 0, facts: 12, fact: 80, list: 3 },
] as const;

function single(view: AlertView, level: number, actions: string | null): string {
  const keep = SINGLE_LEVELS[level] ?? SINGLE_LEVELS[SINGLE_LEVELS.length - 1];
  if (!keep) throw new RangeError("no levels");
  const parts = [`#### ${coloured(view, truncateUnits(view.headline, keep.head))}`];
  if (view.context) parts.push(truncateUnits(view.context, keep.head));
  parts.push(
    view.facts
      .slice(0, keep.facts)
      .map((f) => `- **${truncateUnits(f.label, 40)}**: ${truncateUnits(f.value, keep.fact)}`)
      .join("\n"),
  );
  if (view.progress !== null) parts.push(`**Progress** ${progressBar(view.progress)}`);
  if (view.steps.length > 0 && keep.steps > 0) {
    const { shown, omitted } = limitList(view.steps, keep.steps);
    const lines = shown.map((s) => `- ${truncateUnits(stepText(s), 300)}`);
    if (omitted > 0) lines.push(`- …and ${omitted} more steps not shown`);
    parts.push(`**Steps**\n\n${lines.join("\n")}`);
  }
  if (keep.text > 0) {
    for (const t of view.texts) {
      parts.push(`**${t.label}**\n\n> ${truncateUnits(t.text, keep.text).replace(/\n/g, "\n> ")}`);
    }
  }
  if (view.list) {
    const { shown, omitted } = limitList(view.list.items, keep.list);
    const lines = shown.map((i) => `- ${truncateUnits(i, keep.fact)}`);
    if (omitted > 0) lines.push(`- …and ${omitted} more not shown`);
    parts.push(`**${view.list.label}** (${view.list.items.length})\n\n${lines.join("\n")}`);
  }
  const link = linkUrl(view.consoleUrl);
  if (link) parts.push(`[Open in console](${link})`);
  if (actions) parts.push(`**Act** (signed links; the page asks to confirm): ${actions}`);
  parts.push(`###### ${view.footer}`);
  return parts.join("\n\n");
}

/**
 * Level 0: every event with its place, versions and console link; 1: headline and link; 2:
 * headline only; 3: the first ten. Events are dropped last, and the message says so.
 */
function digest(views: AlertView[], level: number, act: (v: AlertView) => string | null): string {
  const { shown, omitted } = limitList(views, level >= 3 ? 10 : DINGTALK_LIMITS.digestEntries);
  const parts = [`#### ${digestTitle(views)}`];
  for (const v of shown) {
    const link = level <= 1 ? linkUrl(v.consoleUrl) : null;
    const line = [
      level === 0 && v.context ? truncateUnits(v.context, 300) : null,
      link ? `[console](${link})` : null,
      level <= 1 ? act(v) : null,
    ]
      .filter(Boolean)
      .join(" · ");
    const head = truncateUnits(v.headline, level === 0 ? 300 : 150);
    parts.push(`**${coloured(v, head)}**${line ? `  \n${line}` : ""}`);
  }
  if (omitted > 0) parts.push(`_…and ${omitted} more events not shown; each is in the console._`);
  parts.push(`###### Events ${shown.map((v) => v.eventId.slice(0, 8)).join(", ")}`);
  return parts.join("\n\n");
}
