import type { ShepherdEvent } from "../../events/shepherdEvent.ts";
import { type AlertView, alertView, stepText, type Tone } from "../alertView.ts";
import { bySeverity, digestTitle } from "../digest.ts";
import { fitText, limitList, progressBar, truncate, truncateBytes, utf8Bytes } from "../format.ts";
import { escapeMarkdown } from "../markup.ts";

/**
 * A WeCom group robot's markdown `content` is at most 4096 bytes of UTF-8, and a robot takes
 * at most 20 messages a minute, so several events can share one message.
 */
export const WECOM_LIMITS = {
  contentBytes: 4096,
  digestEntries: 20,
} as const;

/** WeCom markdown has three font colours: info (green), comment (grey), warning (orange-red). */
export const WECOM_COLOURS: Record<Tone, "info" | "comment" | "warning"> = {
  bad: "warning",
  warn: "warning",
  good: "info",
  neutral: "info",
  muted: "comment",
};

export interface WeComMessage {
  msgtype: "markdown";
  markdown: { content: string };
}

const coloured = (view: AlertView, text: string): string =>
  `<font color="${WECOM_COLOURS[view.tone]}">${text}</font>`;

const grey = (text: string): string => `<font color="comment">${text}</font>`;

/** One event as a full message, or several as a digest (most severe first). */
export function renderWeCom(events: readonly ShepherdEvent[]): WeComMessage {
  const views = bySeverity(events).map(alertView);
  const [only] = views;
  const single1 = only && views.length === 1;
  const render = single1
    ? (level: number) => single(only, level)
    : (level: number) => digest(views, level);
  return {
    msgtype: "markdown",
    markdown: {
      content: fitText(render, single1 ? 3 : 4, WECOM_LIMITS.contentBytes, utf8Bytes, (text, max) =>
        truncateBytes(text, max, "…\n(cut to fit the 4096-byte limit)"),
      ),
    },
  };
}

function single(view: AlertView, level: number): string {
  const textChars = [800, 250, 0][level] ?? 0;
  const steps = [12, 6, 0][level] ?? 0;
  const lines = [`**${coloured(view, escapeMarkdown(view.headline))}**`];
  if (view.context) lines.push(grey(escapeMarkdown(view.context)));
  for (const f of view.facts)
    lines.push(`>${escapeMarkdown(f.label)}: ${grey(escapeMarkdown(f.value))}`);
  if (view.progress !== null) lines.push(`**Progress** ${progressBar(view.progress)}`);
  if (view.steps.length > 0 && steps > 0) {
    const { shown, omitted } = limitList(view.steps, steps);
    lines.push("**Steps**", ...shown.map((s) => escapeMarkdown(stepText(s))));
    if (omitted > 0) lines.push(grey(`…and ${omitted} more steps not shown`));
  }
  if (textChars > 0) {
    for (const t of view.texts) {
      lines.push(
        `**${escapeMarkdown(t.label)}**`,
        `>${escapeMarkdown(truncate(t.text, textChars)).replace(/\n/g, "\n>")}`,
      );
    }
  }
  if (view.list) {
    const { shown, omitted } = limitList(view.list.items, level === 0 ? 10 : 3);
    lines.push(`**${escapeMarkdown(view.list.label)}** (${view.list.items.length})`);
    lines.push(...shown.map((i) => `- ${escapeMarkdown(i)}`));
    if (omitted > 0) lines.push(grey(`…and ${omitted} more not shown`));
  }
  if (view.consoleUrl) lines.push(`[Open in console](${view.consoleUrl})`);
  lines.push(grey(escapeMarkdown(view.footer)));
  return lines.join("\n");
}

/**
 * Level 0: every event with its place, versions and console link; 1: headline and link; 2:
 * headline only; 3: the first eight. Events are dropped last, and the message says so.
 */
function digest(views: AlertView[], level: number): string {
  const { shown, omitted } = limitList(views, level >= 3 ? 8 : WECOM_LIMITS.digestEntries);
  const lines = [`**${escapeMarkdown(digestTitle(views))}**`];
  for (const v of shown) {
    lines.push(coloured(v, escapeMarkdown(v.headline)));
    const where = [
      level === 0 && v.context ? grey(escapeMarkdown(v.context)) : null,
      level <= 1 && v.consoleUrl ? `[console](${v.consoleUrl})` : null,
    ]
      .filter(Boolean)
      .join(" · ");
    if (where) lines.push(`>${where}`);
  }
  if (omitted > 0)
    lines.push(grey(`…and ${omitted} more events not shown; each is in the console.`));
  lines.push(grey(`Events ${shown.map((v) => v.eventId.slice(0, 8)).join(", ")}`));
  return lines.join("\n");
}
