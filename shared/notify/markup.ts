/**
 * Escapers for text that came from a cloud (names, labels, provider messages), so it reads as
 * text on each channel and cannot open a link, a mention or a font tag.
 */

/** Slack mrkdwn: only `&`, `<` and `>` are control characters. */
export const escapeSlack = (text: string): string =>
  text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/**
 * Feishu `lark_md` reads HTML entities, which is how its guide escapes `*`, `_`, `~`, brackets
 * and `<` (which would otherwise start an `<at>` mention or a `<font>` tag).
 */
export function escapeLarkMd(text: string): string {
  const entities: Record<string, string> = {
    "&": "&amp;",
    "<": "&lt;",
    ">": "&gt;",
    "*": "&#42;",
    _: "&#95;",
    "~": "&#126;",
    "[": "&#91;",
    "]": "&#93;",
    "`": "&#96;",
  };
  return text.replace(/[&<>*_~[\]`]/g, (c) => entities[c] ?? c);
}

/**
 * Markdown for DingTalk, WeCom and Teams: backslash escapes for emphasis, code and link
 * brackets, and entities for `<`/`>` so no `<font>` or HTML tag can be injected.
 */
export const escapeMarkdown = (text: string): string =>
  text
    .replace(/[\\`*_[\]]/g, (c) => `\\${c}`)
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;");
