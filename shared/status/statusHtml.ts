import escapeHtml from "escape-html";

export { humanDuration } from "../notify/format.ts";

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
