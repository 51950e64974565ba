import type { OutcomeAction } from "../../events/outcomeDetails.ts";
import type { RequestedBy } from "../../events/requestedBy.ts";
import type { EventOf } from "../../events/shepherdEvent.ts";
import { etaFacts } from "../etaFacts.ts";
import { formatTime } from "../format.ts";
import type { Fact, Presentation, PresentTable } from "./presentation.ts";
import { ACTION_NOUNS, presser, SKIP_REASONS } from "./words.ts";

type OutcomeType =
  | "Postcheck Passed"
  | "Postcheck Failed"
  | "Action Succeeded"
  | "Action Skipped"
  | "Action Failed"
  | "Action Requested"
  | "Auto Actions Suspended";

const DONE: Record<OutcomeAction, string> = {
  cancel: "Failed upgrade cancelled",
  resume: "Paused upgrade resumed",
  postcheck: "Post-upgrade check started",
  upgrade: "Rollout upgrade started",
};

/** An outcome of a press says so in its title and names the presser; an automatic one does not. */
const origin = (by: RequestedBy | undefined): string => (by ? "Requested" : "Automatic");

const pressedBy = (by: RequestedBy | undefined): Fact | null =>
  by ? { label: "Pressed by", value: presser(by) } : null;

const capitalise = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

const postcheck = (
  e: EventOf<"Postcheck Passed" | "Postcheck Failed">,
  heading: Pick<Presentation, "emoji" | "title" | "tone">,
): Presentation => ({
  ...heading,
  facts: [
    { label: "Check result", value: e.detail.postcheck.phase },
    e.detail.postcheck.taskId ? { label: "Check task", value: e.detail.postcheck.taskId } : null,
    e.detail.dryRun ? { label: "Dry run", value: "yes" } : null,
  ],
  texts: [{ label: "Check message", text: e.detail.postcheck.message }],
});

/** What the action functions report: the action, its outcome and the cloud's words. */
export const OUTCOME_PRESENTERS: Pick<PresentTable, OutcomeType> = {
  "Postcheck Passed": (e) =>
    postcheck(e, { emoji: "✅", title: "Post-upgrade check passed", tone: "good" }),
  "Postcheck Failed": (e) =>
    postcheck(e, { emoji: "❌", title: "Post-upgrade check failed", tone: "bad" }),
  "Action Succeeded": (e) => {
    const { action, dryRun, alreadyDone } = e.detail;
    const heading: Pick<Presentation, "emoji" | "title" | "tone"> = dryRun
      ? { emoji: "🧪", title: `Dry run: would ${ACTION_NOUNS[action]}`, tone: "neutral" }
      : {
          emoji: "🤖",
          title: alreadyDone ? `${DONE[action]} (already done)` : DONE[action],
          tone: "good",
        };
    return {
      ...heading,
      facts: [
        { label: "Action", value: ACTION_NOUNS[action] },
        pressedBy(e.detail.requestedBy),
        dryRun ? { label: "Dry run", value: "yes: nothing was changed" } : null,
        e.detail.requestId ? { label: "Request ID", value: e.detail.requestId } : null,
        ...etaFacts(e.detail.eta),
      ],
      texts: [{ label: "Message", text: e.detail.message }],
    };
  },
  "Action Skipped": (e) => ({
    emoji: "⏭️",
    title: `${origin(e.detail.requestedBy)} ${ACTION_NOUNS[e.detail.action]} skipped`,
    tone: e.detail.severity === "warning" ? "warn" : "muted",
    facts: [
      { label: "Action", value: ACTION_NOUNS[e.detail.action] },
      pressedBy(e.detail.requestedBy),
      { label: "Reason", value: SKIP_REASONS[e.detail.reason] },
      e.detail.precheck ? { label: "Precheck", value: e.detail.precheck.id } : null,
      e.detail.precheck
        ? { label: "Precheck status", value: e.detail.precheck.status || "(none)" }
        : null,
      e.detail.precheck?.finishedAt
        ? { label: "Precheck finished", value: formatTime(e.detail.precheck.finishedAt) }
        : null,
      e.detail.dryRun ? { label: "Dry run", value: "yes" } : null,
    ],
    texts: [
      { label: "Message", text: e.detail.message },
      {
        label: "Findings",
        text: e.detail.precheck?.findings.length
          ? e.detail.precheck.findings.map((f) => `• ${f}`).join("\n")
          : null,
      },
    ],
  }),
  "Action Failed": (e) => {
    const error = e.detail.error;
    return {
      emoji: "🚨",
      title: `${origin(e.detail.requestedBy)} ${ACTION_NOUNS[e.detail.action]} failed`,
      tone: "bad",
      facts: [
        { label: "Action", value: ACTION_NOUNS[e.detail.action] },
        pressedBy(e.detail.requestedBy),
        error.kind || error.code
          ? {
              label: "Error",
              value: [error.kind, error.code ? `(${error.code})` : null].filter(Boolean).join(" "),
            }
          : null,
        error.requestId ? { label: "Request ID", value: error.requestId } : null,
        e.detail.dryRun ? { label: "Dry run", value: "yes" } : null,
      ],
      texts: [{ label: "Error", text: error.message }],
    };
  },
  "Action Requested": (e) => ({
    emoji: "🙋",
    title: `${capitalise(ACTION_NOUNS[e.detail.action])} requested in chat`,
    tone: "neutral",
    facts: [
      { label: "Action", value: ACTION_NOUNS[e.detail.action] },
      { label: "Pressed by", value: presser(e.detail.requestedBy) },
      { label: "Upgrade ID", value: e.detail.upgradeId },
      { label: "Button expires", value: formatTime(e.detail.expiresAt) },
      {
        label: "Maintenance window",
        value: e.detail.overrideWindow
          ? "this receiver may resume outside it"
          : "respected (a resume outside it is skipped)",
      },
    ],
    texts: [],
  }),
  "Auto Actions Suspended": (e) => {
    const n = e.detail.clustersDueForCancel;
    return {
      emoji: "🛑",
      title: `Automatic ${ACTION_NOUNS[e.detail.action]}s suspended`,
      tone: "bad",
      subject: `${n} cluster${n === 1 ? "" : "s"} failed at once (limit ${e.detail.limit})`,
      facts: [
        { label: "Action", value: ACTION_NOUNS[e.detail.action] },
        { label: "Clusters due", value: String(n) },
        { label: "Limit", value: String(e.detail.limit) },
        e.detail.shard
          ? { label: "Shard", value: `${e.detail.shard.index + 1} of ${e.detail.shard.count}` }
          : null,
        { label: "Run", value: formatTime(e.detail.window.t) },
      ],
      texts: [],
    };
  },
};
