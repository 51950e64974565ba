import type { OutcomeAction } from "../../events/outcomeDetails.ts";
import type { RequestedBy } from "../../events/requestedBy.ts";
import type { EventOf } from "../../events/shepherdEvent.ts";
import { etaFacts } from "../etaFacts.ts";
import { formatTime } from "../format.ts";
import type { Fact, Presentation, PresentTable } from "./presentation.ts";
import { ACTION_NOUNS, presser, SKIP_REASONS, WAVE_SKIP_REASONS } from "./words.ts";

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

/** What an approval's request and its skip are about: a rollout's wave, not one cluster. */
const waveSubject = (d: { rollout: string; wave: string }): string =>
  `Rollout ${d.rollout}: wave ${d.wave}`;

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
  "Action Skipped": (e) => {
    const precheck = "precheck" in e.detail ? e.detail.precheck : undefined;
    return {
      emoji: "⏭️",
      title: `${origin(e.detail.requestedBy)} ${ACTION_NOUNS[e.detail.action]} skipped`,
      tone: e.detail.severity === "warning" ? "warn" : "muted",
      ...(e.detail.action === "approve" ? { subject: waveSubject(e.detail) } : {}),
      facts: [
        { label: "Action", value: ACTION_NOUNS[e.detail.action] },
        pressedBy(e.detail.requestedBy),
        {
          label: "Reason",
          value: (e.detail.action === "approve" ? WAVE_SKIP_REASONS : SKIP_REASONS)[
            e.detail.reason
          ],
        },
        precheck ? { label: "Precheck", value: precheck.id } : null,
        precheck ? { label: "Precheck status", value: precheck.status || "(none)" } : null,
        precheck?.finishedAt
          ? { label: "Precheck finished", value: formatTime(precheck.finishedAt) }
          : null,
        e.detail.dryRun ? { label: "Dry run", value: "yes" } : null,
      ],
      texts: [
        { label: "Message", text: e.detail.message },
        {
          label: "Findings",
          text: precheck?.findings.length
            ? precheck.findings.map((f) => `• ${f}`).join("\n")
            : null,
        },
      ],
    };
  },
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
  "Action Requested": (e) => {
    const d = e.detail;
    const heading = {
      emoji: "🙋",
      title: `${capitalise(ACTION_NOUNS[d.action])} requested in chat`,
      tone: "neutral" as const,
      texts: [],
    };
    const pressed = { label: "Pressed by", value: presser(d.requestedBy) };
    const expires = { label: "Button expires", value: formatTime(d.expiresAt) };
    if (d.action === "approve") {
      return {
        ...heading,
        subject: waveSubject(d),
        facts: [
          { label: "Action", value: ACTION_NOUNS[d.action] },
          pressed,
          { label: "Rollout", value: d.rollout },
          { label: "Wave", value: d.wave },
          expires,
        ],
      };
    }
    return {
      ...heading,
      facts: [
        { label: "Action", value: ACTION_NOUNS[d.action] },
        pressed,
        { label: "Upgrade ID", value: d.upgradeId },
        expires,
        {
          label: "Maintenance window",
          value: d.overrideWindow
            ? "this receiver may resume outside it"
            : "respected (a resume outside it is skipped)",
        },
      ],
    };
  },
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
