import type {
  LiftedSilence,
  Silence,
  SilenceTargetRef,
  UnsilenceReason,
} from "../events/quietDetails.ts";
import type { EventOf, ShepherdEvent } from "../events/shepherdEvent.ts";
import type { Fact, Tone } from "./alertView.ts";
import { formatTime } from "./format.ts";

/** How the quiet events and a failure's lifted silences read, on every channel (issue 20). */

const KIND_NAMES: Record<SilenceTargetRef["kind"], string> = {
  alertmanager: "Alertmanager",
  pagerduty: "PagerDuty",
};

const REASONS: Record<UnsilenceReason, string> = {
  succeeded: "the upgrade succeeded",
  failed: "the upgrade failed",
  cancelled: "the upgrade was cancelled",
  stalled: "the upgrade stalled",
  phase: "the upgrade left the phases kept quiet",
  "no-upgrade": "the cluster shows no upgrade",
  superseded: "it was made for an earlier upgrade",
  "max-length": "the upgrade has been kept quiet for its maximum length (maxLength)",
};

/** `prod-am (Alertmanager)`. */
const targetText = (t: SilenceTargetRef): string => `${t.name} (${KIND_NAMES[t.kind]})`;

export function quietHeading(event: EventOf<"Alerts Silenced"> | EventOf<"Alerts Unsilenced">): {
  emoji: string;
  title: string;
  tone: Tone;
} {
  if (event.detailType === "Alerts Silenced") {
    return event.detail.dryRun
      ? { emoji: "🧪", title: "Dry run: would silence alerts", tone: "muted" }
      : { emoji: "🔕", title: "Alerts silenced during the upgrade", tone: "muted" };
  }
  return event.detail.dryRun
    ? { emoji: "🧪", title: "Dry run: would lift the silence", tone: "muted" }
    : { emoji: "🔔", title: "Alerts unsilenced", tone: "neutral" };
}

function scopeFacts(silence: Silence): Fact[] {
  const facts: Fact[] = [];
  if (silence.matchers) facts.push({ label: "Matchers", value: silence.matchers.join(", ") });
  if (silence.services) facts.push({ label: "Services", value: silence.services.join(", ") });
  return facts;
}

export function quietFacts(
  event: EventOf<"Alerts Silenced"> | EventOf<"Alerts Unsilenced">,
): Fact[] {
  const d = event.detail;
  const facts: Fact[] = [{ label: "Silenced in", value: targetText(d.target) }];
  if (event.detailType === "Alerts Silenced") {
    facts.push({
      label: "Until",
      value: `${formatTime(d.silence.endsAt)}, extended every run while the upgrade runs`,
    });
  } else {
    facts.push({ label: "Lifted because", value: REASONS[event.detail.reason] });
    facts.push({ label: "Was due to end", value: formatTime(d.silence.endsAt) });
  }
  facts.push(...scopeFacts(d.silence));
  if (d.silence.id) facts.push({ label: "Silence ID", value: d.silence.id });
  if (d.dryRun) facts.push({ label: "Dry run", value: "yes: nothing was changed" });
  return facts;
}

const OUTCOMES: Record<LiftedSilence["outcome"], string> = {
  lifted: "lifted",
  failed: "could not be lifted",
  "dry-run": "dry run: would be lifted",
};

/**
 * A failure or stall alert's silences: each target, its silence and what became of it, so the
 * responder knows the cluster's own alerts are flowing again (or until when they stay muted).
 */
export function liftedList(event: ShepherdEvent): { label: string; items: string[] } | null {
  if (event.detailType !== "Upgrade Failed" && event.detailType !== "Upgrade Stalled") return null;
  const lifted = event.detail.silencesLifted;
  if (lifted === undefined) return null;
  if (lifted.length === 0) {
    return { label: "Silences lifted", items: ["none was in force for this upgrade"] };
  }
  return {
    label: "Silences lifted",
    items: lifted.map((l) => {
      const id = l.silenceId ? ` silence ${l.silenceId}` : "";
      const when =
        l.outcome === "failed" && l.endsAt
          ? `; it lapses by itself at ${formatTime(l.endsAt)}`
          : "";
      const why = l.problem ? ` (${l.problem})` : "";
      return `${targetText(l.target)}${id}: ${OUTCOMES[l.outcome]}${when}${why}`;
    }),
  };
}
