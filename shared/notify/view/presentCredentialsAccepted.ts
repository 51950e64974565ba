import type { EventOf } from "../../events/shepherdEvent.ts";
import type { Presentation } from "./presentation.ts";

/**
 * A credential set the clouds accepted again: about the set and how many of its clusters were
 * read, not one cluster. It mostly resolves a page (PagerDuty); chat hears it only by name.
 */
export function presentCredentialsAccepted(e: EventOf<"Credentials Accepted">): Presentation {
  const n = e.detail.clusters.length;
  return {
    emoji: "🔑",
    title: "Credentials accepted",
    tone: "good",
    subject: `credential set ${e.detail.credentialSet}: ${n} cluster${n === 1 ? "" : "s"} read`,
    facts: [],
    texts: [],
  };
}
