import type { PressAction } from "../events/outcomeDetails.ts";

/**
 * One action button as a renderer lays it out. `token` is the signed token (a callback button's
 * value); `url` is set for channels that open a signed link instead. Both are bearer
 * capabilities: they go into the message and nowhere else (never a log line or an event).
 */
export interface ActionButton {
  action: PressAction;
  /** `Resume now`, `Cancel upgrade`, `Run postcheck`, `Approve wave`: our words, escaped like any other text. */
  label: string;
  style: "primary" | "danger";
  /** A question for the chat's own confirmation dialog before the press is sent. */
  confirm: string | null;
  token: string;
  url: string | null;
}

/** The buttons of each event in a delivery, by event id. */
export type ButtonsByEvent = ReadonlyMap<string, readonly ActionButton[]>;

export const ACTION_LABELS: Record<PressAction, string> = {
  resume: "Resume now",
  cancel: "Cancel upgrade",
  postcheck: "Run postcheck",
  approve: "Approve wave",
};

/**
 * Signed links as Markdown links, for the robots (DingTalk, WeCom) whose markdown has no
 * buttons: `[Resume now](https://…)`. Labels are escaped with the channel's escaper; links go
 * through `linkUrl`, which percent-encodes whatever could end a Markdown link early.
 */
export function markdownActionLinks(
  buttons: readonly ActionButton[] | undefined,
  esc: (text: string) => string,
  linkUrl: (raw: string | null) => string | null,
): string | null {
  const links = (buttons ?? []).flatMap((b) => {
    const url = linkUrl(b.url);
    return url ? [`[${esc(b.label)}](${url})`] : [];
  });
  return links.length > 0 ? links.join(" · ") : null;
}
