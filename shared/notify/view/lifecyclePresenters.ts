import type { ShepherdEvent } from "../../events/shepherdEvent.ts";
import type { Trigger } from "../../events/trigger.ts";
import { etaFacts, stallFacts } from "../etaFacts.ts";
import { humanDuration } from "../format.ts";
import { liftedList } from "../quietView.ts";
import type { Fact, PresentTable } from "./presentation.ts";
import { SOURCE_NAMES } from "./words.ts";

type LifecycleType =
  | "Upgrade Started"
  | "Upgrade Paused"
  | "Upgrade Stalled"
  | "Upgrade Succeeded"
  | "Upgrade Failed"
  | "Upgrade Cancelled"
  | "Read Degraded";

const reminder = (trigger: Trigger): Fact | null =>
  trigger.kind === "repeat"
    ? { label: "Reminder", value: `every ${humanDuration(trigger.repeatMs)}` }
    : null;

/** The silences a failure or stall lifted (issue 20), as the alert's list. */
const lifted = (e: ShepherdEvent): { list?: { label: string; items: string[] } } => {
  const list = liftedList(e);
  return list ? { list } : {};
};

/** The poller's announcements: a repeat (`trigger.kind: "repeat"`) reads as a reminder. */
export const LIFECYCLE_PRESENTERS: Pick<PresentTable, LifecycleType> = {
  "Upgrade Started": (e) => ({
    emoji: "🚀",
    title: e.detail.trigger.kind === "repeat" ? "Upgrade in progress" : "Upgrade started",
    tone: "neutral",
    facts: [...etaFacts(e.detail.eta), reminder(e.detail.trigger)],
    texts: [],
  }),
  "Upgrade Paused": (e) => ({
    emoji: "⏸️",
    title: e.detail.trigger.kind === "repeat" ? "Upgrade still paused" : "Upgrade paused",
    tone: "warn",
    facts: [reminder(e.detail.trigger)],
    texts: [],
  }),
  "Upgrade Stalled": (e) => ({
    emoji: "🐢",
    title: e.detail.trigger.kind === "repeat" ? "Upgrade still stalled" : "Upgrade stalled",
    tone: "warn",
    facts: [...stallFacts(e.detail.stall), ...etaFacts(e.detail.eta)],
    texts: [],
    ...lifted(e),
  }),
  "Upgrade Succeeded": () => ({
    emoji: "✅",
    title: "Upgrade succeeded",
    tone: "good",
    facts: [],
    texts: [],
  }),
  "Upgrade Failed": (e) => ({
    emoji: "❌",
    title: e.detail.trigger.kind === "repeat" ? "Upgrade still failed" : "Upgrade failed",
    tone: "bad",
    facts: [reminder(e.detail.trigger)],
    texts: [],
    ...lifted(e),
  }),
  "Upgrade Cancelled": () => ({
    emoji: "🛑",
    title: "Upgrade cancelled",
    tone: "warn",
    facts: [],
    texts: [],
  }),
  "Read Degraded": (e) => {
    const d = e.detail.degradation;
    if (d.reason === "unknown-state") {
      return {
        emoji: "❓",
        title: "Upgrade state not recognised",
        tone: "warn",
        facts: [
          { label: "Provider state", value: d.rawPhase },
          d.workflowPhase ? { label: "Workflow phase", value: d.workflowPhase } : null,
          { label: "Read from", value: SOURCE_NAMES[d.source] },
          { label: "Automatic actions", value: "none while the state is not recognised" },
          reminder(e.detail.trigger),
        ],
        texts: [],
      };
    }
    return {
      emoji: "🔒",
      title: "Upgrade details unavailable",
      tone: "warn",
      facts: [
        { label: "Refused call", value: d.operation },
        d.code ? { label: "Code", value: d.code } : null,
        e.detail.upgrade
          ? { label: "Read from", value: SOURCE_NAMES[e.detail.upgrade.source] }
          : null,
        reminder(e.detail.trigger),
      ],
      texts: [{ label: "Refusal", text: d.message }],
    };
  },
};
