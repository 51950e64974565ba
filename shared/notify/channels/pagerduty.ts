import { hashId } from "../../events/eventId.ts";
import type { Action, OutcomeAction } from "../../events/outcomeDetails.ts";
import type { Severity } from "../../events/severity.ts";
import { type Shard, shardKey } from "../../events/shard.ts";
import type { EventOf, ShepherdEvent } from "../../events/shepherdEvent.ts";
import { type ClusterIdentity, clusterIdParts } from "../../model/clusterIdentity.ts";
import { alertView } from "../alertView.ts";
import { truncateUnits } from "../format.ts";
import { linkUrl } from "../linkUrl.ts";
import { plainText } from "../markup.ts";
import { markupView } from "../markupView.ts";
import { isNotifiable, type NotifiableType } from "../notifiableType.ts";

/**
 * Events API v2 (PagerDuty/developer-docs, docs/events-API-v2): `payload.summary` "maximum
 * permitted length ... is 1024 characters", `dedup_key` 255 characters, and "Events API payloads
 * are limited to 512 KB". Characters are counted as UTF-16 units (the stricter count). PagerDuty
 * documents no limit for `source`, `component`, `group`, `class` or a custom detail: the caps on
 * those are this project's own, and keep the body far under 512 KB whatever the event holds.
 */
export const PAGERDUTY_LIMITS = {
  summaryChars: 1024,
  dedupKeyChars: 255,
  bodyBytes: 512 * 1024,
  fieldChars: 255,
  detailChars: 1000,
  textChars: 2000,
  listItems: 50,
  listItemChars: 200,
} as const;

/**
 * What an incident is about. One open incident per (cluster, upgrade, kind); for
 * `credentials-refused`, one per credential set (`credentialDedupKey`).
 */
export type IncidentKind =
  | "upgrade-failed"
  | "postcheck-failed"
  | `action-failed:${OutcomeAction}`
  | "auto-actions-suspended"
  | "credentials-refused"
  | "discovery-failed"
  | "rollout-halted";

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
 * PagerDuty's keys are versioned apart from the event ids: `credentialDedupKey`,
 * `suspendedDedupKey`, `discoveryDedupKey` and the Rollout Halted key hash what they always did
 * under the recipe they always had (none holds a cluster's identity), so an incident
 * opened before an upgrade of upgrade-shepherd is still the one later events land on. Only
 * `dedupKey` changed (v2 of the ids added the project to the cluster's parts); its new keys are
 * longer part lists, so they cannot collide with the old ones.
 */
const KEY_RECIPE = "upgrade-shepherd/v1";

/**
 * `hash("pagerduty", cluster identity, upgrade id, kind)`, the identity being `clusterIdParts`: a
 * trigger and the event that resolves it compute the same key from their own fields, so they meet
 * with no state. The upgrade id keeps last month's failure and today's apart.
 */
export function dedupKey(cluster: ClusterIdentity, upgradeId: string, kind: IncidentKind): string {
  return hashId(["pagerduty", ...clusterIdParts(cluster), upgradeId, kind], KEY_RECIPE);
}

/**
 * Run-wide, with no cluster: one key per action and shard, so while the guard holds, every run's
 * Auto Actions Suspended lands on the same open incident; a human resolves it.
 */
export function suspendedDedupKey(action: Action, shard: Shard | null): string {
  return hashId(["pagerduty", "auto-actions-suspended", action, shardKey(shard)], KEY_RECIPE);
}

/**
 * A refused key: `hash("pagerduty", "credentials-refused", <credential set name>)`, 32 hex.
 * Stable per credential set, and nothing else: not per cluster (which clusters the set reads
 * changes with the inventory and the shard), not per repeat bucket (the event id changes every
 * bucket). So every run's critical Poll Failed for the set lands on one open incident, and
 * `Credentials Accepted`, in the first run the key works again, resolves it by computing this
 * same key from the set's name alone. An auth failure that names no credential set (the schema allows it) falls back to
 * `dedupKey(cluster, "", "credentials-refused")`.
 */
export function credentialDedupKey(credentialSet: string): string {
  return hashId(["pagerduty", "credentials-refused", credentialSet], KEY_RECIPE);
}

/**
 * A discovery source that cannot be listed (critical: a refused or missing key, or a key that
 * may not list): one key per source, so every run's event lands on one open incident.
 */
export function discoveryDedupKey(source: string): string {
  return hashId(["pagerduty", "discovery-failed", source], KEY_RECIPE);
}

export interface IncidentEffects {
  trigger: IncidentKind | null;
  resolve: IncidentKind[];
}

const NONE: IncidentEffects = { trigger: null, resolve: [] };
const opens = (kind: IncidentKind): IncidentEffects => ({ trigger: kind, resolve: [] });
const closes = (...kinds: IncidentKind[]): IncidentEffects => ({ trigger: null, resolve: kinds });

/**
 * What each notified type opens or closes, one line each: a new type is a compile error here
 * until it says whether it pages. Every critical event opens an incident (a test holds this
 * against the catalogue), so a critical event always reaches a PagerDuty receiver routed for it.
 */
const INCIDENTS: { [D in NotifiableType]: (event: EventOf<D>) => IncidentEffects } = {
  "Upgrade Started": () => NONE,
  "Weekly Digest": () => NONE,
  "Upgrade Paused": () => NONE,
  "Upgrade Stalled": () => NONE,
  "Upgrade Succeeded": () => closes("upgrade-failed", "action-failed:resume"),
  "Upgrade Failed": () => opens("upgrade-failed"),
  "Upgrade Cancelled": () => closes("upgrade-failed", "action-failed:cancel"),
  // Critical exactly when the cloud refused a key: one incident per credential set.
  "Poll Failed": (e) => (e.detail.severity === "critical" ? opens("credentials-refused") : NONE),
  "Read Degraded": () => NONE,
  // The key works again: the refused key's incident (one per credential set) is resolved.
  "Credentials Accepted": () => closes("credentials-refused"),
  "Cluster Discovered": () => NONE,
  "Cluster Gone": () => NONE,
  "Discovery Failed": (e) => (e.detail.severity === "critical" ? opens("discovery-failed") : NONE),
  "Postcheck Passed": () => closes("postcheck-failed", "action-failed:postcheck"),
  "Postcheck Failed": () => opens("postcheck-failed"),
  "Action Succeeded": (e) => (e.detail.dryRun ? NONE : closes(`action-failed:${e.detail.action}`)),
  "Action Skipped": () => NONE,
  "Action Failed": (e) => opens(`action-failed:${e.detail.action}`),
  "Auto Actions Suspended": () => opens("auto-actions-suspended"),
  // A press in chat is an audit record, not a page; its outcome opens or closes as above.
  "Action Requested": () => NONE,
  "Rollout Wave Ready": () => NONE,
  // One incident per rollout while halted; a human resolves it once the failure is fixed.
  "Rollout Halted": () => opens("rollout-halted"),
  // Informational: the team's own alerts are muted or flowing again; nothing to page about.
  "Alerts Silenced": () => NONE,
  "Alerts Unsilenced": () => NONE,
};

/**
 * The event that opens each incident kind, at the severity it opens it with. A resolve is routed
 * as its opener was (`shared/notify/route.ts`): a route that pages only critical events still
 * carries the success that closes the page.
 */
export function openerOf(kind: IncidentKind): { detailType: NotifiableType; severity: Severity } {
  if (kind.startsWith("action-failed:"))
    return { detailType: "Action Failed", severity: "critical" };
  const opener = OPENERS[kind as Exclude<IncidentKind, `action-failed:${OutcomeAction}`>];
  return { detailType: opener, severity: "critical" };
}

const OPENERS: Record<Exclude<IncidentKind, `action-failed:${OutcomeAction}`>, NotifiableType> = {
  "upgrade-failed": "Upgrade Failed",
  "postcheck-failed": "Postcheck Failed",
  "auto-actions-suspended": "Auto Actions Suspended",
  "credentials-refused": "Poll Failed",
  "discovery-failed": "Discovery Failed",
  "rollout-halted": "Rollout Halted",
};

/** The kinds each event opens or closes. */
export function incidentEffects(event: ShepherdEvent): IncidentEffects {
  if (!isNotifiable(event.detailType)) return NONE;
  return (INCIDENTS[event.detailType] as (e: ShepherdEvent) => IncidentEffects)(event);
}

/** Whether this channel has anything to send for the event; routing skips it otherwise. */
export const pagerDutyAccepts = (event: ShepherdEvent): boolean => {
  const { trigger, resolve } = incidentEffects(event);
  return trigger !== null || resolve.length > 0;
};

/** The dedup key of one incident kind, from the event's own fields; null when it has none. */
function keyFor(event: ShepherdEvent, kind: IncidentKind): string | null {
  if (event.detailType === "Auto Actions Suspended") {
    return suspendedDedupKey(event.detail.action, event.detail.shard);
  }
  if (event.detailType === "Discovery Failed") return discoveryDedupKey(event.detail.source.name);
  if (event.detailType === "Rollout Halted") {
    return hashId(["pagerduty", "rollout-halted", event.detail.rollout], KEY_RECIPE);
  }
  if (event.detailType === "Credentials Accepted") {
    return credentialDedupKey(event.detail.credentialSet);
  }
  if (!("cluster" in event.detail)) return null;
  if (kind === "credentials-refused" && event.detailType === "Poll Failed") {
    const set = event.detail.failure.credentialSet;
    if (set !== null) return credentialDedupKey(set);
  }
  return dedupKey(event.detail.cluster, event.detail.upgrade?.id ?? "", kind);
}

/**
 * The Events API bodies for one event: a trigger for a failure, a resolve per incident kind a
 * success, cancel or postcheck pass closes. Resolving an incident that never opened is a no-op
 * at PagerDuty, so no memory of what was triggered is needed.
 */
export function renderPagerDuty(event: ShepherdEvent): PagerDutyEvent[] {
  const { trigger, resolve } = incidentEffects(event);
  const out: PagerDutyEvent[] = [];
  const triggerKey = trigger ? keyFor(event, trigger) : null;
  if (triggerKey) out.push(triggerBody(event, triggerKey));
  for (const kind of resolve) {
    const key = keyFor(event, kind);
    if (key) out.push({ event_action: "resolve", dedup_key: key });
  }
  return out;
}

const field = (text: string): string => truncateUnits(plainText(text), PAGERDUTY_LIMITS.fieldChars);

/**
 * Every text PagerDuty shows (summary, source, component, group, custom details) is plain text:
 * neutralised (`plainText`: no links a client would make, no mentions, no controls) and capped.
 */
function triggerBody(event: ShepherdEvent, key: string): PagerDutyTrigger {
  const view = markupView(alertView(event), plainText);
  const details: Record<string, string> = {
    "Event ID": view.eventId,
    "Event type": view.detailType,
  };
  for (const f of view.facts)
    details[f.label] = truncateUnits(f.value, PAGERDUTY_LIMITS.detailChars);
  for (const t of view.texts) details[t.label] = truncateUnits(t.text, PAGERDUTY_LIMITS.textChars);
  if (view.list) {
    const items = view.list.items.slice(0, PAGERDUTY_LIMITS.listItems);
    const more = view.list.items.length - items.length;
    details[view.list.label] = [
      ...items.map((i) => truncateUnits(i, PAGERDUTY_LIMITS.listItemChars)),
      ...(more > 0 ? [`…and ${more} more not shown`] : []),
    ].join("; ");
  }
  const cluster = view.cluster;
  const link = linkUrl(view.consoleUrl);
  return {
    event_action: "trigger",
    dedup_key: key,
    payload: {
      summary: truncateUnits(view.summary, PAGERDUTY_LIMITS.summaryChars),
      source: cluster
        ? field(`${cluster.provider}/${cluster.region}/${cluster.name ?? cluster.clusterId}`)
        : "upgrade-shepherd",
      severity: SEVERITY[view.severity],
      timestamp: event.time,
      ...(cluster
        ? {
            component: field(cluster.clusterId),
            group: field(`${cluster.provider}/${cluster.region}`),
          }
        : {}),
      class: view.detailType,
      custom_details: details,
    },
    links: link ? [{ href: link, text: "Open in console" }] : [],
    client: "upgrade-shepherd",
    ...(link ? { client_url: link } : {}),
  };
}
