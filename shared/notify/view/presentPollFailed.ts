import type { EventOf } from "../../events/shepherdEvent.ts";
import type { Presentation } from "./presentation.ts";
import { clusterDisplay, providerName } from "./words.ts";

/**
 * A cluster that could not be read, or a credential set refused for several: then the alert is
 * about the set (its providers, its name, the list of clusters), not the first cluster it names.
 */
export function presentPollFailed(e: EventOf<"Poll Failed">): Presentation {
  const f = e.detail.failure;
  const affected = e.detail.affectedClusters;
  const several = affected.length > 1;
  const providers = [...new Set(affected.map((c) => providerName(c.provider)))];
  return {
    ...(f.kind === "auth"
      ? { emoji: "🔑", title: "Credentials refused", tone: "bad" as const }
      : { emoji: "📡", title: "Cannot read cluster", tone: "warn" as const }),
    ...(several
      ? {
          subject: `${affected.length} clusters`,
          context: [
            providers.join(", "),
            f.credentialSet ? `credential set ${f.credentialSet}` : null,
          ]
            .filter(Boolean)
            .join(" · "),
          oneCluster: false,
          list: {
            label: "Affected clusters",
            items: affected.map(
              (c) => `${clusterDisplay(c)} (${providerName(c.provider)} · ${c.region})`,
            ),
          },
        }
      : {}),
    facts: [
      { label: "Failure", value: f.code ? `${f.kind} (${f.code})` : f.kind },
      { label: "Attempts", value: String(f.attempt) },
      f.credentialSet ? { label: "Credential set", value: f.credentialSet } : null,
      f.requestId ? { label: "Request ID", value: f.requestId } : null,
    ],
    texts: [{ label: "Error", text: f.message }],
  };
}
