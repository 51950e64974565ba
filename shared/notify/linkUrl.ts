/** Characters that end or break a link in one of the channels' markups, percent-encoded. */
const BREAKS_LINK = /[ "'()<>[\]\\^`{|}*_~!]/g;

/**
 * A URL that is safe to put in a link in any channel (Slack `<url|text>`, Markdown
 * `[text](url)`, an Adaptive Card `Action.OpenUrl`, a Feishu button, PagerDuty `links`), or null
 * when it should not be a link at all. Only `https:` (and `http:`, for the local stack) with no
 * user name or password; the WHATWG serialisation, with every character that could end the link
 * early or start markup inside it (`)`, `]`, `>`, `|`, quotes, spaces, emphasis characters)
 * percent-encoded, which a browser reads as the same address. The console URL is built by
 * `shared/events/consoleUrl.ts` from the cluster's id and region, which come from config.
 */
export function linkUrl(raw: string | null | undefined): string | null {
  if (!raw) return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return null;
  if (url.username || url.password) return null;
  // The serialisation is ASCII (non-ASCII is already percent-encoded, hosts are punycode).
  return url.href.replace(BREAKS_LINK, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}
