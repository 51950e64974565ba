import type { DetailType } from "../events/detailType.ts";
import type { Severity } from "../events/severity.ts";
import type { ShepherdEvent } from "../events/shepherdEvent.ts";
import type { ClusterRef } from "../model/cluster.ts";
import { ACTIVE_PHASES, type Upgrade } from "../model/snapshot.ts";
import { formatClock, formatTime, humanDuration, oneLine, truncate } from "./format.ts";
import { present } from "./view/present.ts";
import type { Fact, TextBlock, Tone } from "./view/presentation.ts";
import { clusterDisplay, clusterPlace, STEP_ICONS } from "./view/words.ts";

export type { Fact, TextBlock, Tone };

export interface StepLine {
  name: string;
  /** The provider's status, unchanged, or `not started`. */
  status: string;
  icon: string;
  /** `09:01 → 09:05`, `09:05 →`, or empty. */
  when: string;
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

/** The fields every cluster-scoped event shares; run-wide events have none of them. */
interface CommonDetail {
  cluster: ClusterRef;
  upgrade: Upgrade | null;
  consoleUrl: string;
}

/**
 * Builds the view; a pure function of the event, so every channel renders the same facts. What
 * every alert shares (the cluster, its place and versions, phase, times, steps, the provider's
 * message, the footer) is here; what each type adds is its row of `PRESENT` (`view/present.ts`).
 */
export function alertView(event: ShepherdEvent): AlertView {
  const p = present(event);
  const d = event.detail as Partial<CommonDetail>;
  const cluster = d.cluster ?? null;
  const upgrade = d.upgrade ?? null;
  const subject = p.subject ?? (cluster ? clusterDisplay(cluster) : event.detailType);
  const headline = `${p.emoji} ${p.title}: ${subject}`;
  const context =
    p.context ??
    [cluster ? clusterPlace(cluster) : null, upgrade ? versionText(upgrade) : null]
      .filter((part): part is string => Boolean(part))
      .join(" · ");
  const ownCluster = p.oneCluster === false ? null : cluster;
  return {
    eventId: event.detail.id,
    detailType: event.detailType,
    severity: event.detail.severity,
    tone: p.tone,
    emoji: p.emoji,
    title: p.title,
    subject,
    headline,
    context,
    summary: context ? `${headline} · ${context}` : headline,
    cluster,
    facts: [
      ...clusterFacts(ownCluster),
      ...(upgrade ? factsFrom([["Phase", `${upgrade.phase} (${upgrade.rawPhase})`]]) : []),
      ...p.facts.filter((f): f is Fact => f !== null),
      ...(upgrade ? upgradeFacts(upgrade) : []),
      ...labelFacts(ownCluster),
    ],
    progress:
      upgrade &&
      (ACTIVE_PHASES.includes(upgrade.phase) || upgrade.phase === "paused") &&
      upgrade.progress !== null
        ? upgrade.progress
        : null,
    steps: upgrade ? upgrade.steps.map(stepLine) : [],
    texts: textBlocks([
      ...p.texts,
      { label: "Provider message", text: upgrade?.message },
      { label: "Cut to fit", text: "truncated" in event.detail ? event.detail.truncated : null },
    ]),
    list: p.list ?? null,
    consoleUrl: d.consoleUrl ?? null,
    footer: footerOf(event),
  };
}

/** Facts from label/value pairs; an empty or missing value is left out. */
const factsFrom = (pairs: [string, string | null | undefined][]): Fact[] =>
  pairs.flatMap(([label, value]) => (value ? [{ label, value }] : []));

const clusterFacts = (c: ClusterRef | null): Fact[] =>
  c
    ? factsFrom([
        ["Cluster", c.name ? `${c.name} (${c.clusterId})` : c.clusterId],
        ["Project", c.projectId],
      ])
    : [];

const labelFacts = (c: ClusterRef | null): Fact[] =>
  c
    ? factsFrom([
        [
          "Labels",
          Object.entries(c.labels)
            .map(([k, v]) => `${k}=${v}`)
            .join(", "),
        ],
      ])
    : [];

function upgradeFacts(u: Upgrade): Fact[] {
  return factsFrom([
    ["Started", u.createdAt ? formatTime(u.createdAt) : null],
    ["Finished", u.finishedAt ? formatTime(u.finishedAt) : null],
    [
      "Took",
      u.createdAt && u.finishedAt
        ? humanDuration(Date.parse(u.finishedAt) - Date.parse(u.createdAt))
        : null,
    ],
    ["Upgrade ID", u.id],
  ]);
}

/** Texts trimmed and cut to `MAX_TEXT_CHARS`; an empty one is left out. */
const textBlocks = (texts: { label: string; text: string | null | undefined }[]): TextBlock[] =>
  texts.flatMap(({ label, text }) =>
    text ? [{ label, text: truncate(text.trim(), MAX_TEXT_CHARS) }] : [],
  );

function versionText(u: Upgrade): string | null {
  if (u.fromVersion && u.toVersion) return `${u.fromVersion} → ${u.toVersion}`;
  if (u.toVersion) return `→ ${u.toVersion}`;
  return u.fromVersion;
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
