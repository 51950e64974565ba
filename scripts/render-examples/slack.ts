import type { SlackMessage } from "../../shared/notify/index.ts";
import { escapeHtml, fillTemplate } from "./html.ts";

type SlackBlock = SlackMessage["attachments"][number]["blocks"][number];

/**
 * An HTML rendering of the Block Kit subset `renderSlack` produces, laid out the way the Slack
 * desktop client shows an incoming-webhook message: the app's name and an APP badge, the
 * top-level `text` (a message with attachments and no top-level blocks shows it), and one
 * attachment with its colour bar holding the blocks. The look is in `slack.html`.
 */

export interface SlackChrome {
  /** The incoming webhook's app name. */
  appName: string;
  /** As the client prints it beside the name, e.g. `10:00 AM`. */
  time: string;
}

export function slackPage(message: SlackMessage, chrome: SlackChrome, template: string): string {
  const attachments = message.attachments
    .map(
      (a) =>
        `<div class="attachment"><div class="bar" style="background:${escapeHtml(a.color)}"></div>` +
        `<div class="blocks">${a.blocks.map(block).join("")}</div></div>`,
    )
    .join("");
  return fillTemplate(template, {
    APP_NAME: escapeHtml(chrome.appName),
    TIME: escapeHtml(chrome.time),
    TEXT: message.text ? `<div class="text">${mrkdwn(message.text)}</div>` : "",
    ATTACHMENTS: attachments,
  });
}

function block(b: SlackBlock): string {
  switch (b.type) {
    case "header":
      return `<div class="block header">${escapeHtml(b.text.text)}</div>`;
    case "context":
      return `<div class="block context">${b.elements
        .map((e) => `<span class="element">${mrkdwn(e.text)}</span>`)
        .join("")}</div>`;
    case "divider":
      return `<div class="block divider"><hr></div>`;
    case "actions":
      return `<div class="block actions">${b.elements
        .map(
          (e) =>
            `<span class="button ${escapeHtml(e.style)}">${escapeHtml(decodeSlack(e.text.text))}</span>`,
        )
        .join("")}</div>`;
    case "section":
      if ("fields" in b) {
        return `<div class="block section fields">${b.fields
          .map((f) => `<div class="field">${mrkdwn(f.text)}</div>`)
          .join("")}</div>`;
      }
      return `<div class="block section">${mrkdwn(b.text.text)}</div>`;
    default: {
      const unknown: never = b;
      throw new Error(`no HTML for block ${JSON.stringify(unknown)}`);
    }
  }
}

/**
 * Slack mrkdwn (api.slack.com/reference/surfaces/formatting) to HTML: `*bold*`, `_italic_`,
 * `~strike~`, `` `code` ``, `<url|text>` links, `>` quotes at the start of a line, and the three
 * entities `&amp;`, `&lt;`, `&gt;` that the renderer escapes cloud text with.
 */
export function mrkdwn(text: string): string {
  const out: string[] = [];
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; ) {
    const line = lines[i] as string;
    if (line.startsWith(">")) {
      const quoted: string[] = [];
      while (i < lines.length && (lines[i] as string).startsWith(">")) {
        quoted.push(inline((lines[i] as string).slice(1)));
        i++;
      }
      out.push(`<blockquote>${quoted.join("<br>")}</blockquote>`);
    } else {
      out.push(inline(line), i < lines.length - 1 && !lines[i + 1]?.startsWith(">") ? "<br>" : "");
      i++;
    }
  }
  return out.join("");
}

/** `*`, `_` and `~` only count next to a boundary, as in Slack: `a*b*c` stays literal. */
const INLINE =
  /<([^<>|]+)(?:\|([^<>]*))?>|`([^`\n]+)`|(?<![\p{L}\p{N}*])\*(?!\s)([^*\n]+?)\*(?![\p{L}\p{N}*])|(?<![\p{L}\p{N}_])_(?!\s)([^_\n]+?)_(?![\p{L}\p{N}_])|(?<![\p{L}\p{N}~])~(?!\s)([^~\n]+?)~(?![\p{L}\p{N}~])/gu;

function inline(text: string): string {
  let html = "";
  let last = 0;
  for (const m of text.matchAll(INLINE)) {
    html += plain(text.slice(last, m.index));
    const [, url, label, code, bold, italic, strike] = m;
    if (url !== undefined) {
      const href = decodeSlack(url);
      html += `<a href="${escapeHtml(href)}">${label ? inline(label) : escapeHtml(href)}</a>`;
    } else if (code !== undefined) {
      html += `<code>${plain(code)}</code>`;
    } else if (bold !== undefined) {
      html += `<b>${inline(bold)}</b>`;
    } else if (italic !== undefined) {
      html += `<i>${inline(italic)}</i>`;
    } else if (strike !== undefined) {
      html += `<s>${inline(strike)}</s>`;
    }
    last = (m.index ?? 0) + m[0].length;
  }
  return html + plain(text.slice(last));
}

const decodeSlack = (text: string): string =>
  text.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");

const plain = (text: string): string => escapeHtml(decodeSlack(text));
