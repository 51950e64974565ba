import { neutralise } from "./neutralise.ts";

/**
 * How text that came from a cloud, a config or a user is written into each channel's markup, so
 * that it reads as text and cannot open a link, a mention, an image, a tag or a font. Every field
 * of a message goes through one of these (`markupView.ts`); each is `neutralise` (links a client
 * would make by itself, link syntax, tags, mentions, controls) followed by the channel's own
 * documented escaping. The product's own markup (`**label**`, `<font color>`, the console link)
 * is added by the renderers around the escaped text.
 */
export type Escape = (text: string) => string;

/**
 * Slack mrkdwn and plain_text text objects. Slack: "Slack uses &, <, and > as control characters
 * for special parsing in text objects, so they must be converted to HTML entities", and "only the
 * specific characters shown above will be decoded" (api.slack.com/reference/surfaces/formatting,
 * "Escaping text"). Every `<!channel>`, `<!here>`, `<@U…>`, `<!subteam^…>` and `<http…|…>` needs
 * a `<`, so none survives. Renderers also set `verbatim: true` on every mrkdwn object: "URLs will
 * [not] be auto-converted into links, conversation names will [not] be link-ified, and certain
 * mentions will [not] be automatically parsed" (docs.slack.dev, Block Kit text object). The
 * top-level `text` and an attachment's `fallback` are escaped the same way: "All text in Slack
 * uses the same system of escaping" (slackhq/slack-api-docs, page_formatting.md); they have no
 * `verbatim`, which is why `neutralise` defangs URLs first. Slack has no escape for `*`, `_`,
 * `~` or a backtick: a cloud's text may show emphasis, never a link or a mention.
 */
export const slackText: Escape = (text) => escapeSlack(neutralise(text));

/**
 * Markdown, for Teams (Adaptive Card `TextBlock` text and `FactSet` `Fact.title`/`Fact.value`,
 * the three places Teams renders Markdown: learn.microsoft.com, "Format cards in Teams"), DingTalk
 * (custom robot `markdown`) and WeCom (group robot `markdown`). Adaptive Cards support "a subset
 * of CommonMark" with no HTML (learn.microsoft.com/adaptive-cards, "Text features"), so
 * CommonMark's backslash escapes apply; DingTalk and WeCom document a Markdown subset
 * (headings, bold, italic, links, quotes; DingTalk images; WeCom `<font>` and `<@userid>`) and
 * no escape at all, so the backslash escapes of Markdown itself are an ASSUMPTION there. Links,
 * images, tags and mentions do not depend on them: `neutralise` breaks those invisibly.
 */
export const markdownText: Escape = (text) => escapeMarkdown(neutralise(text));

/**
 * Feishu/Lark `lark_md`. Feishu: characters that hit Markdown syntax "need HTML escaping to show
 * normally", as `&#number;` entities, listing `*`, `~`, `<`, `>`, `[`, `]`, `_`, `` ` ``, `\`
 * among them (open.feishu.cn, message card "Markdown" component, the escape table). An
 * `<at id=all></at>`, `<a href>`, `<font>` or `<text_tag>` needs a `<`, a `[text](url)` link
 * needs brackets.
 */
export const larkMd: Escape = (text) => escapeLarkMd(neutralise(text));

/**
 * Plain text: Feishu's `plain_text` elements and PagerDuty's summary, source and custom
 * details, which render no markup. Only `neutralise`: links a client would make by itself,
 * mentions, controls.
 */
export const plainText: Escape = neutralise;

/** Slack's three control characters, as its own entities. */
export const escapeSlack = (text: string): string =>
  text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

const LARK_ENTITIES: Record<string, string> = {
  "&": "&amp;",
  "<": "&#60;",
  ">": "&#62;",
  "*": "&#42;",
  _: "&#95;",
  "~": "&#126;",
  "[": "&#91;",
  "]": "&#93;",
  "`": "&#96;",
  "\\": "&#92;",
};

/** Feishu's documented entities for the characters `lark_md` reads as syntax. */
export const escapeLarkMd = (text: string): string =>
  text.replace(/[&<>*_~[\]`\\]/g, (c) => LARK_ENTITIES[c] ?? c);

/** CommonMark backslash escapes for emphasis, code spans and link brackets. */
export const escapeMarkdown = (text: string): string =>
  text.replace(/[\\`*_[\]~]/g, (c) => `\\${c}`);
