import { formatTime, humanDuration } from "../format.ts";
import type { PresentTable } from "./presentation.ts";
import { providerName } from "./words.ts";

type DiscoveryType = "Cluster Discovered" | "Cluster Gone" | "Discovery Failed";

/**
 * What discovery announces: a cluster a source found or lost, or a source that could not list
 * (about the source, its regions and credential set, not one cluster).
 */
export const DISCOVERY_PRESENTERS: Pick<PresentTable, DiscoveryType> = {
  "Cluster Discovered": (e) => ({
    emoji: "🆕",
    title: "New cluster watched",
    tone: "neutral",
    facts: [
      { label: "Created", value: formatTime(e.detail.trigger.at) },
      { label: "Found by", value: `source ${e.detail.source.name}` },
      { label: "Matched", value: e.detail.rule },
    ],
    texts: [],
  }),
  "Cluster Gone": (e) => ({
    emoji: "👻",
    title: "Listed cluster no longer exists",
    tone: "warn",
    facts: [
      { label: "Not listed by", value: `source ${e.detail.source.name}` },
      { label: "What to do", value: "remove it from `clusters` in the config" },
      { label: "Reminder", value: `every ${humanDuration(e.detail.trigger.repeatMs)}` },
    ],
    texts: [],
  }),
  "Discovery Failed": (e) => {
    const { source, failures } = e.detail;
    return {
      ...(e.detail.severity === "critical"
        ? { emoji: "🔑", title: "Cannot list clusters", tone: "bad" as const }
        : { emoji: "🔭", title: "Cluster list incomplete", tone: "warn" as const }),
      subject: `source ${source.name}`,
      context: [
        providerName(source.provider),
        failures.map((f) => f.region).join(", "),
        `credential set ${source.credentialSet}`,
      ].join(" · "),
      facts: [
        source.account ? { label: "Account", value: source.account } : null,
        ...failures.map((f) => ({
          label: "Not listed",
          value: `${f.projectId ? `${f.region} (${f.projectId})` : f.region}: ${f.code ? `${f.kind} (${f.code})` : f.kind}; ${f.clustersFound} found before it, still watched`,
        })),
        { label: "Reminder", value: `every ${humanDuration(e.detail.trigger.repeatMs)}` },
      ],
      texts: failures.map((f) => ({ label: "Error", text: `${f.region}: ${f.message}` })),
    };
  },
};
