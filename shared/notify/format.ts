/**
 * Text helpers every renderer shares. They never read a clock or a locale, so the same event
 * always renders to the same bytes and snapshot tests stay stable.
 */

const ELLIPSIS = "…";

/** Cut to at most `max` characters (code points), marking the cut. */
export function truncate(text: string, max: number): string {
  const chars = [...text];
  if (chars.length <= max) return text;
  return `${chars.slice(0, Math.max(0, max - 1)).join("")}${ELLIPSIS}`;
}

/** Cut to at most `max` UTF-8 bytes (WeCom counts bytes), on a grapheme boundary. */
export function truncateBytes(text: string, max: number, marker = ELLIPSIS): string {
  return cutTo(text, max, utf8Bytes, marker);
}

/**
 * Cut to at most `max` UTF-16 code units, the unit JavaScript, JSON and most vendors' "characters"
 * are counted in. Where a vendor does not say whether it counts code points or UTF-16 units
 * (Slack, Teams, PagerDuty, DingTalk), this is the stricter of the two: an emoji outside the
 * Basic Multilingual Plane is one code point but two units.
 */
export function truncateUnits(text: string, max: number, marker = ELLIPSIS): string {
  return cutTo(text, max, utf16Units, marker);
}

const graphemes = new Intl.Segmenter("en", { granularity: "grapheme" });

/**
 * A complete entity (`&amp;`, `&#42;`) or a backslash escape, left whole by a cut: cutting
 * inside one would print half of it. A cut never makes text live: it only removes a tail.
 */
const OPEN_ESCAPE = /(?:&#?[A-Za-z0-9]{0,8}|\\)$/;

/**
 * Cut `text` so that it, with `marker`, measures at most `max`: on a grapheme boundary (an emoji
 * sequence or a letter with its combining marks stays whole), never inside an entity or after a
 * lone backslash. Text that fits is returned unchanged.
 */
export function cutTo(
  text: string,
  max: number,
  measure: (text: string) => number,
  marker = ELLIPSIS,
): string {
  if (measure(text) <= max) return text;
  const budget = max - measure(marker);
  let out = "";
  let used = 0;
  for (const { segment } of graphemes.segment(text)) {
    const size = measure(segment);
    if (used + size > budget) break;
    out += segment;
    used += size;
  }
  return `${out.replace(OPEN_ESCAPE, "")}${marker}`;
}

export interface Limited<T> {
  shown: T[];
  /** How many were left out; the renderer says so in a note. */
  omitted: number;
}

/** The first `max` items, and how many were left out. */
export function limitList<T>(items: readonly T[], max: number): Limited<T> {
  return { shown: items.slice(0, max), omitted: Math.max(0, items.length - max) };
}

/** `2025-03-01 09:05 UTC`: short, unambiguous, the same on every channel. */
export function formatTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${d.toISOString().slice(0, 10)} ${d.toISOString().slice(11, 16)} UTC`;
}

/** `09:05`: for step timelines, where the date is already known from the header. */
export function formatClock(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toISOString().slice(11, 16);
}

/** `3h 10m`, `42m`, `2d 4h`, `15s`: the largest unit and the next one when it is not zero. */
export function humanDuration(ms: number): string {
  const units: [string, number][] = [
    ["d", 86_400_000],
    ["h", 3_600_000],
    ["m", 60_000],
    ["s", 1_000],
  ];
  const rounded = Math.max(0, Math.round(ms));
  const i = units.findIndex(([, size]) => rounded >= size);
  if (i < 0) return "0s";
  const [unit, size] = units[i] as [string, number];
  const first = `${Math.floor(rounded / size)}${unit}`;
  const next = units[i + 1];
  if (!next) return first;
  const n = Math.floor((rounded % size) / next[1]);
  return n > 0 ? `${first} ${n}${next[0]}` : first;
}

/** `████░░░░░░ 40%`: readable in every client, with or without monospace. */
export function progressBar(percent: number, width = 10): string {
  const p = Math.min(100, Math.max(0, percent));
  const filled = Math.round((p / 100) * width);
  return `${"█".repeat(filled)}${"░".repeat(width - filled)} ${Math.round(p)}%`;
}

/** One line: provider messages can hold newlines that would break a list or a table. */
export const oneLine = (text: string): string => text.replace(/\s*[\r\n]+\s*/g, " ").trim();

/**
 * Renders at falling levels of detail until the text fits, then cuts what is still too long:
 * a message that says less beats one the vendor refuses. `size` measures the way the vendor
 * counts (characters or UTF-8 bytes).
 */
export function fitText(
  render: (level: number) => string,
  levels: number,
  max: number,
  size: (text: string) => number,
  cut: (text: string, max: number) => string,
): string {
  const text = firstThatFits(render, levels, (t) => size(t) <= max);
  return size(text) <= max ? text : cut(text, max);
}

/**
 * The most detailed rendering (level 0 first) that `fits`, or the last level when none does:
 * for payloads that cannot be cut as text (a card's JSON), whose last level is built to fit.
 */
export function firstThatFits<T>(
  render: (level: number) => T,
  levels: number,
  fits: (value: T) => boolean,
): T {
  let value = render(0);
  for (let level = 1; level < levels && !fits(value); level++) value = render(level);
  return value;
}

export const utf8Bytes = (text: string): number => Buffer.byteLength(text, "utf8");
export const charCount = (text: string): number => [...text].length;
export const utf16Units = (text: string): number => text.length;
/** The UTF-8 size of a value sent as JSON: what a vendor's byte limit on the body counts. */
export const jsonBytes = (value: unknown): number => utf8Bytes(JSON.stringify(value));
