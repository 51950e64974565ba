import escapeHtml from "escape-html";

/** C0/C1 controls other than tab and newline, and the bidi controls ("Trojan Source"). */
const CONTROLS = /(?![\n\t])[\p{Cc}\p{Bidi_Control}]/gu;

/**
 * Text from a cloud, a config or a user, made inert for HTML text and quoted attribute values:
 * controls and bidi overrides removed, then escape-html (`&`, `<`, `>`, `"`, `'`).
 */
export const html = (text: string | number | null | undefined): string =>
  text === null || text === undefined ? "" : escapeHtml(String(text).replace(CONTROLS, ""));

/**
 * A time as UTC text inside `<time>`: readable without JavaScript, and the page's script
 * rewrites it into the viewer's zone, keeping UTC in the hover title.
 */
export function timeTag(iso: string | null): string {
  if (iso === null) return "";
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return html(iso);
  const utc = `${d.toISOString().slice(0, 16).replace("T", " ")} UTC`;
  return `<time datetime="${html(d.toISOString())}" title="${utc}">${utc}</time>`;
}

/** `45s`, `12m`, `1h 05m`, `2d 3h`: what a person reads at a glance. */
export function humanDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.round(s / 60);
  if (m < 60) return `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h}h ${String(m % 60).padStart(2, "0")}m`;
  return `${Math.floor(h / 24)}d ${h % 24}h`;
}
