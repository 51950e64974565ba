import type { ShepherdEvent } from "../../events/shepherdEvent.ts";
import { type ButtonsByEvent, markdownActionLinks } from "../actionButton.ts";
import { type AlertView, alertView, stepText, type Tone } from "../alertView.ts";
import { bySeverity, digestTitle } from "../digest.ts";
import {
  fitText,
  limitList,
  progressBar,
  truncateBytes,
  truncateUnits,
  utf8Bytes,
} from "../format.ts";
import { linkUrl } from "../linkUrl.ts";
import { markdownText } from "../markup.ts";
import { markupView } from "../markupView.ts";

/**
 * A WeCom group robot's markdown `content` is "最长不超过4096个字节，必须是utf8编码" (at most 4096
 * bytes, UTF-8: developer.work.weixin.qq.com, "群机器人配置说明"), and a robot takes at most 20
 * messages a minute, so several events can share one message.
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
export function renderWeCom(
  events: readonly ShepherdEvent[],
  buttons: ButtonsByEvent = new Map(),
): WeComMessage {
  const views = bySeverity(events).map((e) => markupView(alertView(e), markdownText));
  const act = (v: AlertView) => markdownActionLinks(buttons.get(v.eventId), markdownText, linkUrl);
  const [only] = views;
  const single1 = only && views.length === 1;
  const render = single1
    ? (level: number) => single(only, level, act(only))
    : (level: number) => digest(views, level, act);
  return {
    msgtype: "markdown",
    markdown: {
      content: fitText(
        render,
        single1 ? SINGLE_LEVELS.length : 4,
        WECOM_LIMITS.contentBytes,
        utf8Bytes,
        (text, max) => truncateBytes(text, max, "…\n(cut to fit the 4096-byte limit)"),
      ),
    },
  };
}

/**
 * How much each level of a single-event message keeps; the last caps every field so that the
 * console link and the footer always fit in 4,096 bytes, whatever a cloud wrote.
 */
const SINGLE_LEVELS = [
  { head: 600, text: 800, steps: 12, facts: 40, fact: 300, list: 10 },
  { head: 200, text: 250, steps: 6, facts: 40, fact: 120, list: 3 },
  { head: 100, text: 0, steps: 0, facts: 10, fact: 50, list: 3 },
] as const;

function single(view: AlertView, level: number, actions: string | null): string {
  const keep = SINGLE_LEVELS[level] ?? SINGLE_LEVELS[SINGLE_LEVELS.length - 1];
  if (!keep) throw new RangeError("no levels");
  const lines = [`**${coloured(view, truncateUnits(view.headline, keep.head))}**`];
  if (view.context) lines.push(grey(truncateUnits(view.context, keep.head)));
  for (const f of view.facts.slice(0, keep.facts)) {
    lines.push(`>${truncateUnits(f.label, 40)}: ${grey(truncateUnits(f.value, keep.fact))}`);
  }
  if (view.progress !== null) lines.push(`**Progress** ${progressBar(view.progress)}`);
  if (view.steps.length > 0 && keep.steps > 0) {
    const { shown, omitted } = limitList(view.steps, keep.steps);
    lines.push("**Steps**", ...shown.map((s) => truncateUnits(stepText(s), 200)));
    if (omitted > 0) lines.push(grey(`…and ${omitted} more steps not shown`));
  }
  if (keep.text > 0) {
    for (const t of view.texts) {
      lines.push(`**${t.label}**`, `>${truncateUnits(t.text, keep.text).replace(/\n/g, "\n>")}`);
    }
  }
  if (view.list) {
    const { shown, omitted } = limitList(view.list.items, keep.list);
    lines.push(`**${view.list.label}** (${view.list.items.length})`);
    lines.push(...shown.map((i) => `- ${truncateUnits(i, keep.fact)}`));
    if (omitted > 0) lines.push(grey(`…and ${omitted} more not shown`));
  }
  const link = linkUrl(view.consoleUrl);
  if (link) lines.push(`[Open in console](${link})`);
  if (actions) lines.push(`**Act** (signed links; the page asks to confirm): ${actions}`);
  lines.push(grey(view.footer));
  return lines.join("\n");
}

/**
 * Level 0: every event with its place, versions and console link; 1: headline and link; 2:
 * headline only; 3: the first eight. Events are dropped last, and the message says so.
 */
function digest(views: AlertView[], level: number, act: (v: AlertView) => string | null): string {
  const { shown, omitted } = limitList(views, level >= 3 ? 8 : WECOM_LIMITS.digestEntries);
  const lines = [`**${digestTitle(views)}**`];
  for (const v of shown) {
    lines.push(coloured(v, truncateUnits(v.headline, level === 0 ? 300 : 120)));
    const link = level <= 1 ? linkUrl(v.consoleUrl) : null;
    const where = [
      level === 0 && v.context ? grey(truncateUnits(v.context, 300)) : null,
      link ? `[console](${link})` : null,
      level <= 1 ? act(v) : null,
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
