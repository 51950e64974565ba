import type { DetailType } from "../events/detailType.ts";
import type { OutcomeAction, SkipReason } from "../events/outcomeDetails.ts";
import type { RequestedBy } from "../events/requestedBy.ts";
import type { Severity } from "../events/severity.ts";
import type { ShepherdEvent } from "../events/shepherdEvent.ts";
import type { ClusterRef, Provider } from "../model/cluster.ts";
import type { SnapshotSource, Upgrade } from "../model/snapshot.ts";
import { digestParts } from "./digestView.ts";
import { etaFacts, stallFacts } from "./etaFacts.ts";
import { formatClock, formatTime, humanDuration, oneLine, truncate } from "./format.ts";

/** The colour family of an alert; each channel maps it onto its own palette. */
export type Tone = "bad" | "warn" | "good" | "neutral" | "muted";

export interface Fact {
  label: string;
  value: string;
}

export interface StepLine {
  name: string;
  /** The provider's status, unchanged, or `not started`. */
  status: string;
  icon: string;
  /** `09:01 → 09:05`, `09:05 →`, or empty. */
  when: string;
}

export interface TextBlock {
  label: string;
  text: string;
}

/**
 * One event, as people read it: the same words on every channel, so a responder who sees it in
 * Slack and PagerDuty sees one story. Renderers only lay it out and apply their vendor's limits.
 */
export interface AlertView {
  eventId: string;
  detailType: DetailType;
  severity: Severity;
  tone: Tone;
  emoji: string;
  /** `Upgrade failed`. */
  title: string;
  /** What it is about: a cluster's name, or `7 clusters` for a run-wide event. */
  subject: string;
  /** `❌ Upgrade failed: prod-a`. */
  headline: string;
  /** `Huawei CCE · cn-north-4 · v1.28.5-r0 → v1.29.1-r0`, or empty. */
  context: string;
  /** The headline and the context on one line, for notifications and PagerDuty summaries. */
  summary: string;
  cluster: ClusterRef | null;
  /** Ordered by what a responder needs first; the place and versions are in `context`. */
  facts: Fact[];
  /** 0..100 for an upgrade that is still active or paused, so a bar is drawn; null otherwise. */
  progress: number | null;
  steps: StepLine[];
  texts: TextBlock[];
  /** A list too long for facts (Poll Failed's affected clusters), already formatted. */
  list: { label: string; items: string[] } | null;
  consoleUrl: string | null;
  /** Event id, type and window: how to find this alert again. */
  footer: string;
}

/** Free text from a provider is cut here, before any channel's own (tighter) limits apply. */
export const MAX_TEXT_CHARS = 1000;

const PROVIDER_NAMES: Record<Provider, string> = {
  cce: "Huawei CCE",
  "cce-autopilot": "Huawei CCE Autopilot",
  ack: "Alibaba ACK",
};

const ACTION_NOUNS: Record<OutcomeAction, string> = {
  cancel: "cancel",
  resume: "resume",
  postcheck: "post-upgrade check",
  upgrade: "upgrade start",
};

const SKIP_REASONS: Record<SkipReason, string> = {
  policy: "the policy does not allow it",
  "dry-run": "dry run: nothing was changed",
  "outside-window": "outside the maintenance window",
  "state-changed": "the upgrade changed state before the action",
  precondition: "the cloud's preconditions do not hold",
  "blast-radius": "too many clusters failed at once",
  "already-done": "the cloud says it is already done",
  unsupported: "this provider cannot do it",
};

/** Where a snapshot was read from, in the providers' own terms. */
const SOURCE_NAMES: Record<SnapshotSource, string> = {
  "cce-task": "CCE upgrade task and workflow",
  "cce-cluster": "CCE ShowCluster only (no times, steps or task)",
  "ack-task": "ACK task API (DescribeTaskInfo)",
  "ack-upgrade-status": "ACK GetUpgradeStatus",
};

const STEP_ICONS: Record<string, string> = {
  success: "✅",
  succeeded: "✅",
  running: "🔄",
  failed: "❌",
  fail: "❌",
  error: "❌",
  pause: "⏸️",
  paused: "⏸️",
  init: "⏳",
  queuing: "⏳",
  pending: "⏳",
  cancel: "🛑",
  cancelled: "🛑",
};

export const providerName = (p: Provider): string => PROVIDER_NAMES[p];

/** `prod-a`, or the cluster id when the cluster has no name. */
export const clusterDisplay = (c: ClusterRef): string => c.name ?? c.clusterId;

/** `Huawei CCE · cn-north-4`. */
export const clusterPlace = (c: ClusterRef): string => `${providerName(c.provider)} · ${c.region}`;

interface Heading {
  emoji: string;
  title: string;
  tone: Tone;
}

/** Builds the view; a pure function of the event, so every channel renders the same facts. */
export function alertView(event: ShepherdEvent): AlertView {
  const heading = headingOf(event);
  const d = event.detail as Partial<CommonDetail>;
  const cluster = d.cluster ?? null;
  const upgrade = d.upgrade ?? null;
  const subject = subjectOf(event, cluster);
  const headline = `${heading.emoji} ${heading.title}: ${subject}`;
  const context = contextOf(event, cluster, upgrade);
  return {
    eventId: event.detail.id,
    detailType: event.detailType,
    severity: event.detail.severity,
    tone: heading.tone,
    emoji: heading.emoji,
    title: heading.title,
    subject,
    headline,
    context,
    summary: context ? `${headline} · ${context}` : headline,
    cluster,
    facts:
      event.detailType === "Weekly Digest"
        ? digestParts(event).facts
        : factsOf(event, cluster, upgrade),
    progress:
      upgrade && (isActive(upgrade) || upgrade.phase === "paused") && upgrade.progress !== null
        ? upgrade.progress
        : null,
    steps: upgrade ? upgrade.steps.map(stepLine) : [],
    texts:
      event.detailType === "Weekly Digest" ? digestParts(event).texts : textsOf(event, upgrade),
    list: event.detailType === "Weekly Digest" ? digestParts(event).list : listOf(event),
    consoleUrl: d.consoleUrl ?? null,
    footer: footerOf(event),
  };
}

interface CommonDetail {
  cluster: ClusterRef;
  upgrade: Upgrade | null;
  consoleUrl: string;
}

function headingOf(event: ShepherdEvent): Heading {
  switch (event.detailType) {
    case "Upgrade Started":
      return event.detail.trigger.kind === "repeat"
        ? { emoji: "🚀", title: "Upgrade in progress", tone: "neutral" }
        : { emoji: "🚀", title: "Upgrade started", tone: "neutral" };
    case "Upgrade Paused":
      return {
        emoji: "⏸️",
        title: event.detail.trigger.kind === "repeat" ? "Upgrade still paused" : "Upgrade paused",
        tone: "warn",
      };
    case "Upgrade Stalled":
      return {
        emoji: "🐢",
        title: event.detail.trigger.kind === "repeat" ? "Upgrade still stalled" : "Upgrade stalled",
        tone: "warn",
      };
    case "Upgrade Succeeded":
      return { emoji: "✅", title: "Upgrade succeeded", tone: "good" };
    case "Upgrade Failed":
      return {
        emoji: "❌",
        title: event.detail.trigger.kind === "repeat" ? "Upgrade still failed" : "Upgrade failed",
        tone: "bad",
      };
    case "Upgrade Cancelled":
      return { emoji: "🛑", title: "Upgrade cancelled", tone: "warn" };
    case "Poll Failed":
      return event.detail.failure.kind === "auth"
        ? { emoji: "🔑", title: "Credentials refused", tone: "bad" }
        : { emoji: "📡", title: "Cannot read cluster", tone: "warn" };
    case "Credentials Accepted":
      return { emoji: "🔑", title: "Credentials accepted", tone: "good" };
    case "Read Degraded":
      return event.detail.degradation.reason === "unknown-state"
        ? { emoji: "❓", title: "Upgrade state not recognised", tone: "warn" }
        : { emoji: "🔒", title: "Upgrade details unavailable", tone: "warn" };
    case "Cluster Discovered":
      return { emoji: "🆕", title: "New cluster watched", tone: "neutral" };
    case "Cluster Gone":
      return { emoji: "👻", title: "Listed cluster no longer exists", tone: "warn" };
    case "Discovery Failed":
      return event.detail.severity === "critical"
        ? { emoji: "🔑", title: "Cannot list clusters", tone: "bad" }
        : { emoji: "🔭", title: "Cluster list incomplete", tone: "warn" };
    case "Postcheck Passed":
      return { emoji: "✅", title: "Post-upgrade check passed", tone: "good" };
    case "Postcheck Failed":
      return { emoji: "❌", title: "Post-upgrade check failed", tone: "bad" };
    case "Action Succeeded":
      return actionSucceededHeading(
        event.detail.action,
        event.detail.dryRun,
        event.detail.alreadyDone,
      );
    case "Action Skipped":
      return {
        emoji: "⏭️",
        title: `${origin(event.detail.requestedBy)} ${ACTION_NOUNS[event.detail.action]} skipped`,
        tone: event.detail.severity === "warning" ? "warn" : "muted",
      };
    case "Action Failed":
      return {
        emoji: "🚨",
        title: `${origin(event.detail.requestedBy)} ${ACTION_NOUNS[event.detail.action]} failed`,
        tone: "bad",
      };
    case "Action Requested":
      return {
        emoji: "🙋",
        title: `${capitalise(ACTION_NOUNS[event.detail.action])} requested in chat`,
        tone: "neutral",
      };
    case "Auto Actions Suspended":
      return {
        emoji: "🛑",
        title: `Automatic ${ACTION_NOUNS[event.detail.action]}s suspended`,
        tone: "bad",
      };
    case "Rollout Wave Ready":
      return { emoji: "🚦", title: "Rollout wave ready for approval", tone: "neutral" };
    case "Rollout Halted":
      return { emoji: "🛑", title: "Rollout halted", tone: "bad" };
    case "Weekly Digest":
      return { emoji: "📅", title: "Weekly upgrade digest", tone: "neutral" };
    default:
      return { emoji: "ℹ️", title: event.detailType, tone: "muted" };
  }
}

const origin = (requestedBy: RequestedBy | undefined): string =>
  requestedBy ? "Requested" : "Automatic";

const capitalise = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

/** Who pressed, in words: a link cannot tell, so it says so rather than naming nobody. */
export function presser(by: RequestedBy): string {
  if (by.channel === "link") return `someone with the signed link (${by.receiver})`;
  const who =
    by.userName && by.userId ? `${by.userName} (${by.userId})` : (by.userName ?? by.userId);
  return `${who ?? "an unnamed user"} in ${by.receiver}`;
}

function actionSucceededHeading(
  action: OutcomeAction,
  dryRun: boolean,
  alreadyDone: boolean,
): Heading {
  const done: Record<OutcomeAction, string> = {
    cancel: "Failed upgrade cancelled",
    resume: "Paused upgrade resumed",
    postcheck: "Post-upgrade check started",
    upgrade: "Rollout upgrade started",
  };
  if (dryRun) {
    return { emoji: "🧪", title: `Dry run: would ${ACTION_NOUNS[action]}`, tone: "neutral" };
  }
  return {
    emoji: "🤖",
    title: alreadyDone ? `${done[action]} (already done)` : done[action],
    tone: "good",
  };
}

function subjectOf(event: ShepherdEvent, cluster: ClusterRef | null): string {
  if (event.detailType === "Auto Actions Suspended") {
    const n = event.detail.clustersDueForCancel;
    return `${n} cluster${n === 1 ? "" : "s"} failed at once (limit ${event.detail.limit})`;
  }
  if (event.detailType === "Poll Failed" && event.detail.affectedClusters.length > 1) {
    return `${event.detail.affectedClusters.length} clusters`;
  }
  if (event.detailType === "Discovery Failed") return `source ${event.detail.source.name}`;
  if (event.detailType === "Credentials Accepted") {
    const n = event.detail.clusters.length;
    return `credential set ${event.detail.credentialSet}: ${n} cluster${n === 1 ? "" : "s"} read`;
  }
  if (event.detailType === "Rollout Wave Ready") {
    return `Rollout ${event.detail.rollout}: wave ${event.detail.wave}`;
  }
  if (event.detailType === "Rollout Halted") return `Rollout ${event.detail.rollout}`;
  if (event.detailType === "Weekly Digest") return `${event.detail.clusters} clusters`;
  return cluster ? clusterDisplay(cluster) : event.detailType;
}

/**
 * Where and what: `Huawei CCE · cn-north-4 · v1.28.5-r0 → v1.29.1-r0`. A Poll Failed over
 * several clusters is about a credential set, not about the first cluster it names.
 */
function contextOf(
  event: ShepherdEvent,
  cluster: ClusterRef | null,
  upgrade: Upgrade | null,
): string {
  if (event.detailType === "Poll Failed" && event.detail.affectedClusters.length > 1) {
    const providers = [
      ...new Set(event.detail.affectedClusters.map((c) => providerName(c.provider))),
    ];
    const set = event.detail.failure.credentialSet;
    return [providers.join(", "), set ? `credential set ${set}` : null].filter(Boolean).join(" · ");
  }
  if (event.detailType === "Discovery Failed") {
    const { source } = event.detail;
    const regions = event.detail.failures.map((f) => f.region).join(", ");
    return [providerName(source.provider), regions, `credential set ${source.credentialSet}`].join(
      " · ",
    );
  }
  return [cluster ? clusterPlace(cluster) : null, upgrade ? versionText(upgrade) : null]
    .filter((p): p is string => Boolean(p))
    .join(" · ");
}

const isActive = (u: Upgrade): boolean =>
  u.phase === "pending" || u.phase === "prechecking" || u.phase === "running";

function versionText(u: Upgrade): string | null {
  if (u.fromVersion && u.toVersion) return `${u.fromVersion} → ${u.toVersion}`;
  if (u.toVersion) return `→ ${u.toVersion}`;
  return u.fromVersion;
}

function factsOf(
  event: ShepherdEvent,
  cluster: ClusterRef | null,
  upgrade: Upgrade | null,
): Fact[] {
  const facts: Fact[] = [];
  const add = (label: string, value: string | null | undefined) => {
    if (value !== null && value !== undefined && value !== "") facts.push({ label, value });
  };
  const several = event.detailType === "Poll Failed" && event.detail.affectedClusters.length > 1;
  if (cluster && !several) {
    add("Cluster", cluster.name ? `${cluster.name} (${cluster.clusterId})` : cluster.clusterId);
    add("Project", cluster.projectId);
  }
  if (upgrade) add("Phase", `${upgrade.phase} (${upgrade.rawPhase})`);
  facts.push(...typeFacts(event));
  if (upgrade) {
    add("Started", upgrade.createdAt ? formatTime(upgrade.createdAt) : null);
    add("Finished", upgrade.finishedAt ? formatTime(upgrade.finishedAt) : null);
    if (upgrade.createdAt && upgrade.finishedAt) {
      add("Took", humanDuration(Date.parse(upgrade.finishedAt) - Date.parse(upgrade.createdAt)));
    }
    add("Upgrade ID", upgrade.id);
  }
  if (cluster && !several && Object.keys(cluster.labels).length > 0) {
    add(
      "Labels",
      Object.entries(cluster.labels)
        .map(([k, v]) => `${k}=${v}`)
        .join(", "),
    );
  }
  return facts;
}

function typeFacts(event: ShepherdEvent): Fact[] {
  switch (event.detailType) {
    case "Upgrade Stalled":
      return [...stallFacts(event.detail.stall), ...etaFacts(event.detail.eta)];
    case "Upgrade Started":
      return [
        ...etaFacts(event.detail.eta),
        ...(event.detail.trigger.kind === "repeat"
          ? [{ label: "Reminder", value: `every ${humanDuration(event.detail.trigger.repeatMs)}` }]
          : []),
      ];
    case "Upgrade Paused":
    case "Upgrade Failed":
      return event.detail.trigger.kind === "repeat"
        ? [{ label: "Reminder", value: `every ${humanDuration(event.detail.trigger.repeatMs)}` }]
        : [];
    case "Poll Failed": {
      const f = event.detail.failure;
      return compact([
        { label: "Failure", value: f.code ? `${f.kind} (${f.code})` : f.kind },
        { label: "Attempts", value: String(f.attempt) },
        f.credentialSet ? { label: "Credential set", value: f.credentialSet } : null,
        f.requestId ? { label: "Request ID", value: f.requestId } : null,
      ]);
    }
    case "Read Degraded": {
      const d = event.detail.degradation;
      const reminder = {
        label: "Reminder",
        value: `every ${humanDuration(event.detail.trigger.repeatMs)}`,
      };
      if (d.reason === "unknown-state") {
        return compact([
          { label: "Provider state", value: d.rawPhase },
          d.workflowPhase ? { label: "Workflow phase", value: d.workflowPhase } : null,
          { label: "Read from", value: SOURCE_NAMES[d.source] },
          { label: "Automatic actions", value: "none while the state is not recognised" },
          reminder,
        ]);
      }
      return compact([
        { label: "Refused call", value: d.operation },
        d.code ? { label: "Code", value: d.code } : null,
        event.detail.upgrade
          ? { label: "Read from", value: SOURCE_NAMES[event.detail.upgrade.source] }
          : null,
        reminder,
      ]);
    }
    case "Cluster Discovered":
      return [
        { label: "Created", value: formatTime(event.detail.trigger.at) },
        { label: "Found by", value: `source ${event.detail.source.name}` },
        { label: "Matched", value: event.detail.rule },
      ];
    case "Cluster Gone":
      return [
        { label: "Not listed by", value: `source ${event.detail.source.name}` },
        { label: "What to do", value: "remove it from `clusters` in the config" },
        { label: "Reminder", value: `every ${humanDuration(event.detail.trigger.repeatMs)}` },
      ];
    case "Discovery Failed":
      return compact([
        event.detail.source.account
          ? { label: "Account", value: event.detail.source.account }
          : null,
        ...event.detail.failures.map((f) => ({
          label: "Not listed",
          value: `${f.projectId ? `${f.region} (${f.projectId})` : f.region}: ${f.code ? `${f.kind} (${f.code})` : f.kind}; ${f.clustersFound} found before it, still watched`,
        })),
        { label: "Reminder", value: `every ${humanDuration(event.detail.trigger.repeatMs)}` },
      ]);
    case "Postcheck Passed":
    case "Postcheck Failed":
      return compact([
        { label: "Check result", value: event.detail.postcheck.phase },
        event.detail.postcheck.taskId
          ? { label: "Check task", value: event.detail.postcheck.taskId }
          : null,
        event.detail.dryRun ? { label: "Dry run", value: "yes" } : null,
      ]);
    case "Action Succeeded":
      return compact([
        { label: "Action", value: ACTION_NOUNS[event.detail.action] },
        pressedBy(event.detail.requestedBy),
        event.detail.dryRun ? { label: "Dry run", value: "yes: nothing was changed" } : null,
        event.detail.requestId ? { label: "Request ID", value: event.detail.requestId } : null,
      ]);
    case "Action Skipped":
      return compact([
        { label: "Action", value: ACTION_NOUNS[event.detail.action] },
        pressedBy(event.detail.requestedBy),
        { label: "Reason", value: SKIP_REASONS[event.detail.reason] },
        event.detail.dryRun ? { label: "Dry run", value: "yes" } : null,
      ]);
    case "Action Failed": {
      const e = event.detail.error;
      return compact([
        { label: "Action", value: ACTION_NOUNS[event.detail.action] },
        pressedBy(event.detail.requestedBy),
        e.kind || e.code
          ? {
              label: "Error",
              value: [e.kind, e.code ? `(${e.code})` : null].filter(Boolean).join(" "),
            }
          : null,
        e.requestId ? { label: "Request ID", value: e.requestId } : null,
        event.detail.dryRun ? { label: "Dry run", value: "yes" } : null,
      ]);
    }
    case "Action Requested":
      return [
        { label: "Action", value: ACTION_NOUNS[event.detail.action] },
        { label: "Pressed by", value: presser(event.detail.requestedBy) },
        { label: "Upgrade ID", value: event.detail.upgradeId },
        { label: "Button expires", value: formatTime(event.detail.expiresAt) },
        {
          label: "Maintenance window",
          value: event.detail.overrideWindow
            ? "this receiver may resume outside it"
            : "respected (a resume outside it is skipped)",
        },
      ];
    case "Auto Actions Suspended":
      return compact([
        { label: "Action", value: ACTION_NOUNS[event.detail.action] },
        { label: "Clusters due", value: String(event.detail.clustersDueForCancel) },
        { label: "Limit", value: String(event.detail.limit) },
        event.detail.shard
          ? {
              label: "Shard",
              value: `${event.detail.shard.index + 1} of ${event.detail.shard.count}`,
            }
          : null,
        { label: "Run", value: formatTime(event.detail.window.t) },
      ]);
    case "Rollout Wave Ready":
      return [
        { label: "Rollout", value: event.detail.rollout },
        { label: "Wave", value: event.detail.wave },
        {
          label: "Starts first",
          value: event.detail.firstClusters.map(clusterDisplay).join(", ") || "none",
        },
      ];
    case "Rollout Halted":
      return compact([
        { label: "Rollout", value: event.detail.rollout },
        event.detail.failed.length > 0
          ? { label: "Failed", value: event.detail.failed.map(clusterDisplay).join(", ") }
          : null,
        event.detail.stalled.length > 0
          ? { label: "Stalled", value: event.detail.stalled.map(clusterDisplay).join(", ") }
          : null,
      ]);
    default:
      return [];
  }
}

const pressedBy = (by: RequestedBy | undefined): Fact | null =>
  by ? { label: "Pressed by", value: presser(by) } : null;

function compact(facts: (Fact | null)[]): Fact[] {
  return facts.filter((f): f is Fact => f !== null);
}

function textsOf(event: ShepherdEvent, upgrade: Upgrade | null): TextBlock[] {
  const texts: TextBlock[] = [];
  const add = (label: string, text: string | null | undefined) => {
    if (text) texts.push({ label, text: truncate(text.trim(), MAX_TEXT_CHARS) });
  };
  switch (event.detailType) {
    case "Poll Failed":
      add("Error", event.detail.failure.message);
      break;
    case "Discovery Failed":
      for (const f of event.detail.failures) add("Error", `${f.region}: ${f.message}`);
      break;
    case "Postcheck Passed":
    case "Postcheck Failed":
      add("Check message", event.detail.postcheck.message);
      break;
    case "Action Succeeded":
    case "Action Skipped":
      add("Message", event.detail.message);
      break;
    case "Action Failed":
      add("Error", event.detail.error.message);
      break;
    case "Read Degraded":
      if (event.detail.degradation.reason === "upgrade-api-unavailable") {
        add("Refusal", event.detail.degradation.message);
      }
      break;
    default:
      break;
  }
  add("Provider message", upgrade?.message);
  if ("truncated" in event.detail) add("Cut to fit", event.detail.truncated);
  return texts;
}

function listOf(event: ShepherdEvent): AlertView["list"] {
  if (event.detailType !== "Poll Failed" || event.detail.affectedClusters.length < 2) return null;
  return {
    label: "Affected clusters",
    items: event.detail.affectedClusters.map(
      (c) => `${clusterDisplay(c)} (${providerName(c.provider)} · ${c.region})`,
    ),
  };
}

function stepLine(step: Upgrade["steps"][number]): StepLine {
  const status = step.status ?? "not started";
  const icon = step.status ? (STEP_ICONS[step.status.toLowerCase()] ?? "•") : "⚪";
  const start = step.startedAt ? formatClock(step.startedAt) : null;
  const end = step.finishedAt ? formatClock(step.finishedAt) : null;
  const when = start && end ? `${start} → ${end}` : start ? `${start} →` : end ? `→ ${end}` : "";
  return { name: step.name, status, icon, when };
}

function footerOf(event: ShepherdEvent): string {
  const w = event.detail.window;
  return `Event ${event.detail.id} · ${event.detailType} · window ${formatClock(w.start)}–${formatClock(w.end)} UTC ${w.end.slice(0, 10)}`;
}

/** A step as one line of plain text: `✅ PreCheck (Success) 09:01 → 09:05`. */
export const stepText = (s: StepLine): string =>
  oneLine(`${s.icon} ${s.name} (${s.status})${s.when ? ` ${s.when}` : ""}`);
