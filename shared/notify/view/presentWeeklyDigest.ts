import type { EventOf } from "../../events/shepherdEvent.ts";
import { digestParts } from "../digestView.ts";
import type { Presentation } from "./presentation.ts";

/** The weekly digest (issue 18): about the fleet, not a cluster; its facts, list and texts. */
export function presentWeeklyDigest(event: EventOf<"Weekly Digest">): Presentation {
  const parts = digestParts(event);
  return {
    emoji: "📅",
    title: "Weekly upgrade digest",
    tone: "neutral",
    subject: `${event.detail.clusters} clusters`,
    facts: parts.facts,
    texts: parts.texts,
    ...(parts.list ? { list: parts.list } : {}),
  };
}
