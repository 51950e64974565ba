import type { PresentTable } from "./presentation.ts";
import { clusterDisplay } from "./words.ts";

/** What the rollout judge announces: about a rollout and its wave, not one cluster. */
export const ROLLOUT_PRESENTERS: Pick<PresentTable, "Rollout Wave Ready" | "Rollout Halted"> = {
  "Rollout Wave Ready": (e) => ({
    emoji: "🚦",
    title: "Rollout wave ready for approval",
    tone: "neutral",
    subject: `Rollout ${e.detail.rollout}: wave ${e.detail.wave}`,
    facts: [
      { label: "Rollout", value: e.detail.rollout },
      { label: "Wave", value: e.detail.wave },
      {
        label: "Starts first",
        value: e.detail.firstClusters.map(clusterDisplay).join(", ") || "none",
      },
    ],
    texts: [],
  }),
  "Rollout Halted": (e) => ({
    emoji: "🛑",
    title: "Rollout halted",
    tone: "bad",
    subject: `Rollout ${e.detail.rollout}`,
    facts: [
      { label: "Rollout", value: e.detail.rollout },
      e.detail.failed.length > 0
        ? { label: "Failed", value: e.detail.failed.map(clusterDisplay).join(", ") }
        : null,
      e.detail.stalled.length > 0
        ? { label: "Stalled", value: e.detail.stalled.map(clusterDisplay).join(", ") }
        : null,
    ],
    texts: [],
  }),
};
