import { hashId } from "../../events/eventId.ts";
import type { Action } from "../../events/outcomeDetails.ts";
import type { Severity } from "../../events/severity.ts";
import type { ShepherdEvent } from "../../events/shepherdEvent.ts";
import type { ClusterRef } from "../../model/cluster.ts";
import { alertView } from "../alertView.ts";
import { truncate } from "../format.ts";

/** Events API v2: a summary of at most 1024 characters, a dedup_key of at most 255. */
export const PAGERDUTY_LIMITS = { summaryChars: 1024, textChars: 2000 } as const;

/** What an incident is about; one open incident per (cluster, upgrade, kind). */
export type IncidentKind =
  | "upgrade-failed"
  | "postcheck-failed"
  | `action-failed:${Action}`
  | "auto-actions-suspended";

type PagerDutySeverity = "critical" | "error" | "warning" | "info";

const SEVERITY: Record<Severity, PagerDutySeverity> = {
  critical: "critical",
  warning: "warning",
  info: "info",
  debug: "info",
};

export interface PagerDutyTrigger {
  event_action: "trigger";
  dedup_key: string;
  payload: {
    summary: string;
    source: string;
    severity: PagerDutySeverity;
    timestamp: string;
    component?: string;
    group?: string;
    class: string;
    custom_details: Record<string, string>;
  };
  links: { href: string; text: string }[];
  client: string;
  client_url?: string;
}

export interface PagerDutyResolve {
  event_action: "resolve";
  dedup_key: string;
}

/** One Events API body, without `routing_key` (the secret, added when the request is built). */
export type PagerDutyEvent = PagerDutyTrigger | PagerDutyResolve;

/**
 * `hash(provider, region, cluster, upgrade id, kind)`: a trigger and the event that resolves it
 * compute the same key from their own fields, so they meet with no state. The upgrade id keeps
 * last month's failure and today's apart.
 */
export function dedupKey(cluster: ClusterRef, upgradeId: string, kind: IncidentKind): string {
  return hashId([
    "pagerduty",
    cluster.provider,
    cluster.region,
    cluster.clusterId,
    upgradeId,
    kind,
  ]);
}

/**
 * Run-wide, with no cluster: one key per action and shard, so while the guard holds, every run's
 * Auto Actions Suspended lands on the same open incident; a human resolves it.
 */
export function suspendedDedupKey(
  action: Action,
  shard: { index: number; count: number } | null,
): string {
  return hashId([
    "pagerduty",
    "auto-actions-suspended",
    action,
    shard ? `${shard.index}/${shard.count}` : "all",
  ]);
}

/** The kinds each event opens or closes. */
export function incidentEffects(event: ShepherdEvent): {
  trigger: IncidentKind | null;
  resolve: IncidentKind[];
} {
  switch (event.detailType) {
    case "Upgrade Failed":
      return { trigger: "upgrade-failed", resolve: [] };
    case "Postcheck Failed":
      return { trigger: "postcheck-failed", resolve: [] };
    case "Action Failed":
      return { trigger: `action-failed:${event.detail.action}`, resolve: [] };
    case "Auto Actions Suspended":
      return { trigger: "auto-actions-suspended", resolve: [] };
    case "Upgrade Succeeded":
      return { trigger: null, resolve: ["upgrade-failed", "action-failed:resume"] };
    case "Upgrade Cancelled":
      return { trigger: null, resolve: ["upgrade-failed", "action-failed:cancel"] };
    case "Postcheck Passed":
      return { trigger: null, resolve: ["postcheck-failed", "action-failed:postcheck"] };
    case "Action Succeeded":
      return event.detail.dryRun
        ? { trigger: null, resolve: [] }
        : { trigger: null, resolve: [`action-failed:${event.detail.action}`] };
    default:
      return { trigger: null, resolve: [] };
  }
}

/** Whether this channel has anything to send for the event; routing skips it otherwise. */
export const pagerDutyAccepts = (event: ShepherdEvent): boolean => {
  const { trigger, resolve } = incidentEffects(event);
  return trigger !== null || resolve.length > 0;
};

/**
 * The Events API bodies for one event: a trigger for a failure, a resolve per incident kind a
 * success, cancel or postcheck pass closes. Resolving an incident that never opened is a no-op
 * at PagerDuty, so no memory of what was triggered is needed.
 */
export function renderPagerDuty(event: ShepherdEvent): PagerDutyEvent[] {
  const { trigger, resolve } = incidentEffects(event);
  const out: PagerDutyEvent[] = [];
  if (event.detailType === "Auto Actions Suspended") {
    out.push(triggerBody(event, suspendedDedupKey(event.detail.action, event.detail.shard)));
    return out;
  }
  if (!("cluster" in event.detail)) return out;
  const cluster = event.detail.cluster;
  const upgradeId = event.detail.upgrade?.id ?? "";
  if (trigger) out.push(triggerBody(event, dedupKey(cluster, upgradeId, trigger)));
  for (const kind of resolve) {
    out.push({ event_action: "resolve", dedup_key: dedupKey(cluster, upgradeId, kind) });
  }
  return out;
}

function triggerBody(event: ShepherdEvent, key: string): PagerDutyTrigger {
  const view = alertView(event);
  const details: Record<string, string> = {
    "Event ID": view.eventId,
    "Event type": view.detailType,
  };
  for (const f of view.facts) details[f.label] = f.value;
  for (const t of view.texts) details[t.label] = truncate(t.text, PAGERDUTY_LIMITS.textChars);
  if (view.list) details[view.list.label] = view.list.items.join("; ");
  const cluster = view.cluster;
  return {
    event_action: "trigger",
    dedup_key: key,
    payload: {
      summary: truncate(view.summary, PAGERDUTY_LIMITS.summaryChars),
      source: cluster
        ? `${cluster.provider}/${cluster.region}/${cluster.name ?? cluster.clusterId}`
        : "upgrade-shepherd",
      severity: SEVERITY[view.severity],
      timestamp: event.time,
      ...(cluster
        ? { component: cluster.clusterId, group: `${cluster.provider}/${cluster.region}` }
        : {}),
      class: view.detailType,
      custom_details: details,
    },
    links: view.consoleUrl ? [{ href: view.consoleUrl, text: "Open in console" }] : [],
    client: "upgrade-shepherd",
    ...(view.consoleUrl ? { client_url: view.consoleUrl } : {}),
  };
}
