import type { TeamsMessage } from "../../shared/notify/channels/teams.ts";
import { escapeHtml, fillTemplate, scriptJson } from "./html.ts";

/**
 * A Teams channel post holding the Workflows message's Adaptive Card, rendered in the page by
 * the `adaptivecards` library itself (its UMD bundle, inlined: the ES build needs `swiper`)
 * with the host config Microsoft publishes for Teams' light theme (spacing, sizes, weights,
 * container styles: github.com/microsoft/AdaptiveCards, samples/HostConfig). The post around
 * it is in `teams.html`; the in-page code, with Teams' markdown subset, in `teams-card.js`.
 */

export interface TeamsChrome {
  /** Who the post shows as sent by: `Workflows` for a flow that posts as the Flow bot. */
  sender: string;
  time: string;
  /** CSS pixels: Teams shows a card without `msteams.width: "Full"` at a fixed width. */
  cardWidth: number;
}

const FONT =
  "'Segoe UI', 'Segoe UI Web (West European)', -apple-system, BlinkMacSystemFont, Roboto, " +
  "'Helvetica Neue', 'Open Sans', 'Noto Color Emoji', sans-serif";

/** Foreground colours, the same on every container style (#AARRGGBB where translucent). */
const FOREGROUND = {
  default: { default: "#252424", subtle: "#BF252424" },
  dark: { default: "#252424", subtle: "#BF252424" },
  light: { default: "#FFFFFF", subtle: "#FFF3F2F1" },
  accent: { default: "#6264A7", subtle: "#8B8CC7" },
  good: { default: "#92C353", subtle: "#E592C353" },
  warning: { default: "#F8D22A", subtle: "#E5F8D22A" },
  attention: { default: "#C4314B", subtle: "#E5C4314B" },
};

const BACKGROUND: Record<string, string> = {
  default: "#FFFFFF",
  emphasis: "#F9F8F7",
  accent: "#C7DEF9",
  good: "#CCFFCC",
  attention: "#FFC5B2",
  warning: "#FFE2B2",
};

const fontType = (fontFamily: string) => ({
  fontFamily,
  fontSizes: { small: 12, default: 14, medium: 14, large: 18, extraLarge: 24 },
  fontWeights: { lighter: 200, default: 400, bolder: 600 },
});

/** Teams' light-theme host config (Microsoft's published values, Segoe UI with fallbacks). */
export const TEAMS_HOST_CONFIG = {
  supportsInteractivity: true,
  spacing: { small: 8, default: 12, medium: 16, large: 20, extraLarge: 24, padding: 16 },
  separator: { lineThickness: 1, lineColor: "#EEEEEE" },
  imageSizes: { small: 32, medium: 52, large: 100 },
  fontTypes: {
    default: fontType(FONT),
    monospace: fontType("'Courier New', Courier, 'DejaVu Sans Mono', monospace"),
  },
  containerStyles: Object.fromEntries(
    Object.entries(BACKGROUND).map(([style, backgroundColor]) => [
      style,
      { backgroundColor, foregroundColors: FOREGROUND },
    ]),
  ),
  actions: {
    maxActions: 6,
    spacing: "Default",
    buttonSpacing: 8,
    showCard: { actionMode: "Inline", inlineTopMargin: 16, style: "emphasis" },
    actionsOrientation: "Horizontal",
    actionAlignment: "Left",
  },
  adaptiveCard: { allowCustomStyle: false },
  factSet: {
    title: { size: "Default", color: "Default", isSubtle: false, weight: "Bolder", wrap: true },
    value: { size: "Default", color: "Default", isSubtle: false, weight: "Default", wrap: true },
    spacing: 16,
  },
};

export interface TeamsAssets {
  template: string;
  /** `adaptivecards/dist/adaptivecards.min.js`. */
  library: string;
  /** `teams-card.js`. */
  script: string;
}

export function teamsPage(message: TeamsMessage, chrome: TeamsChrome, assets: TeamsAssets): string {
  const cards = message.attachments.filter(
    (a) => a.contentType === "application/vnd.microsoft.card.adaptive",
  );
  const [only] = cards;
  if (!only || cards.length > 1) throw new Error(`expected one card, got ${cards.length}`);
  for (const [name, code] of Object.entries({ library: assets.library, script: assets.script })) {
    if (/<\/script/i.test(code)) throw new Error(`cannot inline the ${name}: it contains </script`);
  }
  const page = fillTemplate(assets.template, {
    SENDER: escapeHtml(chrome.sender),
    TIME: escapeHtml(chrome.time),
    CARD_WIDTH: String(chrome.cardWidth),
  });
  // Added at the end of <body> rather than through placeholders, which would be script text.
  const data = scriptJson({ card: only.content, hostConfig: TEAMS_HOST_CONFIG });
  const scripts =
    `<script type="application/json" id="card-data">${data}</script>\n` +
    `<script>${assets.library}</script>\n<script>${assets.script}</script>\n`;
  const end = page.lastIndexOf("</body>");
  if (end < 0) throw new Error("teams.html has no </body>");
  return `${page.slice(0, end)}${scripts}${page.slice(end)}`;
}
