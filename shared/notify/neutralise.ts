/**
 * The first of two steps that make text from a cloud, a config or a user inert in a message:
 * what no vendor's escaping can be trusted to stop, done the same way for every human channel
 * (chat, PagerDuty). The second step is the channel's own escaping (`markup.ts`).
 *
 * - **Links a client would make by itself.** Slack, Teams, Feishu, DingTalk and WeCom turn a bare
 *   URL or domain into a link, and none of them documents a way to escape that (Slack's
 *   `verbatim` covers its Block Kit text objects only). So URLs are defanged the way security
 *   tooling writes indicators: `https://evil.example/x` reads `https[:]//evil[.]example/x`. A
 *   domain is a dotted name whose last label is letters (`evil.example`, `www.x.io`, the part of
 *   `ops@x.io` after the `@`); version strings (`v1.29.1-r0`, `1.31.1-aliyun.1`) and IPv4
 *   addresses are left alone, and no linkifier links them.
 * - **Link syntax, tags, mentions and entities**, broken with an invisible U+200B ZERO WIDTH
 *   SPACE where the syntax needs two characters to touch: `](` and `![` (Markdown links and
 *   images); `<` before a letter, `/`, `!`, `@`, `#`, `?` (HTML, `<font>`, Feishu `<at>`, WeCom
 *   `<@userid>`, Slack `<!channel>`/`<@U…>`/`<http…|…>`); `@` before a word character (`@all`,
 *   `@here`, `@13800001111`); `&` before an entity (`&#60;at id=all&#62;` must not become a tag
 *   in a client that decodes entities before it reads tags). Markdown and HTML parsers need those
 *   characters adjacent, so this holds whether or not a client honours backslash escapes (Teams'
 *   mobile clients did not: MicrosoftDocs/msteams-docs#5793). discord.js's `cleanContent` stops
 *   mentions the same way. The text reads the same; a copy of it holds the invisible character.
 * - **Block syntax at the start of a line** (`#`, `>`, `|`, a list's `- `/`+ `/`* `/`1. `, fences):
 *   a zero width space in front, so a line of a provider's message cannot become a heading, a
 *   quote, a list or a code block around the rest of the card.
 * - **Controls**: C0/C1 control characters other than tab and newline, and the bidirectional
 *   formatting characters (U+061C, U+200E/F, U+202A–E, U+2066–9), are removed, so a message
 *   cannot reorder how the text around it reads ("Trojan Source", CVE-2021-42574). `\r\n` and a
 *   lone `\r` become `\n`.
 *
 * Idempotent for what it inserts; applied to every field of the view (`markupView.ts`), never
 * to a URL the product made itself (the console link goes through `linkUrl.ts`).
 */
export function neutralise(text: string): string {
  return text
    .replace(/\r\n?/g, "\n")
    .replace(CONTROLS, "")
    .replace(SCHEME, "$1[:]//")
    .replace(DOMAIN, (domain) => domain.replace(/\./g, "[.]"))
    .replace(MENTION, `@${ZWSP}`)
    .replace(ENTITY, `&${ZWSP}`)
    .replace(TAG_OPEN, `<${ZWSP}`)
    .replace(LINK_JOIN, `]${ZWSP}$1(`)
    .replace(IMAGE_OPEN, `!${ZWSP}[`)
    .replace(LINE_START_BLOCK, `$1${ZWSP}`);
}

export const ZWSP = "\u200B";

/** C0/C1 controls other than tab and newline, and the bidi controls (U+061C, 200E/F, 202A–E, 2066–9). */
const CONTROLS = /(?![\n\t])[\p{Cc}\p{Bidi_Control}]/gu;

/** `https://`, `ftp://`, `dingtalk://`: any scheme with an authority. */
const SCHEME = /\b([A-Za-z][A-Za-z0-9+.-]{0,31}):\/\//g;

/** `evil.example`, `www.evil.example`, `evil.例子`: dotted labels ending in letters. */
const DOMAIN =
  /(?<![\p{L}\p{N}_-])(?:[\p{L}\p{N}](?:[\p{L}\p{N}-]{0,62}[\p{L}\p{N}])?\.)+\p{L}{2,63}(?![\p{L}\p{N}_-])/gu;

const MENTION = /@(?=[\p{L}\p{N}_])/gu;
const ENTITY = /&(?=#?[A-Za-z0-9]{1,31};)/g;
const TAG_OPEN = /<(?=[A-Za-z/!@#?])/g;
const LINK_JOIN = /\](\s*)\(/g;
const IMAGE_OPEN = /!\[/g;
const LINE_START_BLOCK = /^([ \t]*)(?=[#>|]|[-+*=](?:\s|$)|\d{1,9}[.)](?:\s|$)|```|~~~)/gm;
