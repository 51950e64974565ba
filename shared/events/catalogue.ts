import { type Severity, severityAtLeast } from "./severity.ts";

/**
 * - `edge`: announced once, in the run whose window holds the transition's own timestamp.
 * - `level`: emitted in every run while its condition holds; the action functions act on it.
 * - `internal`: the functions talking to each other (retries, shards, deliveries).
 * - `outcome`: what a function did in answer to a level event (or to a request).
 * - `request`: a person asked for an action in chat; the action answers it like a level event.
 * - `report`: a summary on a schedule of its own (the weekly digest).
 */
export type EventKind = "edge" | "level" | "internal" | "outcome" | "request" | "report";

/**
 * `warning-only`: notified when the event's own severity is warning or above. `opt-in`: a
 * receiver gets it only through a route that names it in `eventTypes`.
 * `incidents-only`: only resolves incidents (PagerDuty), so routes send it exactly where they
 * would send the events that open those incidents (`shared/notify/route.ts`); a route or
 * filter that lists it by name gets it too. No chat receiver hears it by default.
 */
export type DefaultNotify = "yes" | "no" | "warning-only" | "opt-in" | "incidents-only";

interface Row<N extends DefaultNotify> {
  /** The function that emits it. */
  readonly from: string;
  readonly kind: EventKind;
  /** Also (or only) fires in the first run of each `repeat` bucket while its state holds. */
  readonly repeatBucket: boolean;
  /** The usual severity; `severities` lists every one the event can carry. */
  readonly severity: Severity;
  readonly severities: readonly Severity[];
  readonly notify: N;
}

function row<const N extends DefaultNotify>(
  from: string,
  kind: EventKind,
  severity: Severity,
  notify: N,
  extra: { repeatBucket?: boolean; severities?: readonly Severity[] } = {},
): Row<N> {
  return {
    from,
    kind,
    repeatBucket: extra.repeatBucket ?? false,
    severity,
    severities: extra.severities ?? [severity],
    notify,
  };
}

/**
 * The event registry: one row per EventBridge `detail-type`, the single place an event type is
 * declared. `DETAIL_TYPES`, the routing defaults, the notifiable types (and so the notify rule's
 * pattern, kept equal by a test) and docs/events.md's table all derive from it; each type's
 * detail schema is keyed by the same names (`shared/events/detailSchemas.ts`), so the compiler
 * lists whatever a new row still lacks. DESIGN.md, "Events: the catalogue".
 */
export const REGISTRY = {
  "Upgrade Started": row("poll-status", "edge", "info", "yes", { repeatBucket: true }),
  "Upgrade Paused": row("poll-status", "edge", "warning", "yes", { repeatBucket: true }),
  "Upgrade Stalled": row("poll-status", "edge", "warning", "yes", { repeatBucket: true }),
  "Upgrade Succeeded": row("poll-status", "edge", "info", "yes"),
  "Upgrade Failed": row("poll-status", "edge", "critical", "yes", { repeatBucket: true }),
  "Upgrade Cancelled": row("poll-status", "edge", "warning", "yes"),
  "Poll Failed": row("poll-status", "edge", "warning", "yes", {
    repeatBucket: true,
    severities: ["warning", "critical"],
  }),
  "Read Degraded": row("poll-status", "edge", "warning", "yes", { repeatBucket: true }),
  "Credentials Accepted": row("poll-status", "level", "info", "incidents-only"),
  "Cluster Discovered": row("poll-status", "edge", "info", "yes"),
  "Cluster Gone": row("poll-status", "edge", "warning", "yes", { repeatBucket: true }),
  "Discovery Failed": row("poll-status", "edge", "warning", "yes", {
    repeatBucket: true,
    severities: ["warning", "critical"],
  }),
  "Postcheck Due": row("poll-status", "level", "debug", "no"),
  "Cancel Due": row("poll-status", "level", "debug", "no"),
  "Resume Due": row("poll-status", "level", "debug", "no"),
  "Upgrade Due": row("rollout judge", "level", "debug", "no"),
  "Rollout Wave Ready": row("rollout judge", "edge", "info", "yes", { repeatBucket: true }),
  "Rollout Halted": row("rollout judge", "edge", "critical", "yes", { repeatBucket: true }),
  "Poll Retry Requested": row("poll-status", "internal", "debug", "no"),
  "Poll Shard Requested": row("poll-status", "internal", "debug", "no"),
  "Postcheck Passed": row("trigger-postcheck", "outcome", "info", "yes"),
  "Postcheck Failed": row("trigger-postcheck", "outcome", "critical", "yes"),
  "Action Succeeded": row("action functions", "outcome", "info", "yes"),
  "Action Skipped": row(
    "action functions, poll-status (approval)",
    "outcome",
    "debug",
    "warning-only",
    {
      severities: ["debug", "warning"],
    },
  ),
  "Action Failed": row("action functions", "outcome", "critical", "yes"),
  "Auto Actions Suspended": row("cancel-on-failure", "outcome", "critical", "yes"),
  "Alerts Silenced": row("poll-status", "outcome", "info", "yes"),
  "Alerts Unsilenced": row("poll-status", "outcome", "info", "yes"),
  "Action Requested": row("chat-action", "request", "info", "yes"),
  "Delivery Requested": row("notify", "internal", "debug", "no"),
  "Weekly Digest": row("poll-status", "report", "info", "opt-in"),
} as const;

/** Every EventBridge `detail-type` the product emits. */
export type DetailType = keyof typeof REGISTRY;

/** The detail-types a receiver can be sent: every row whose `notify` is not `no`. */
export type NotifiableType = {
  [D in DetailType]: (typeof REGISTRY)[D]["notify"] extends "no" ? never : D;
}[DetailType];

export interface CatalogueEntry extends Row<DefaultNotify> {
  readonly detailType: DetailType;
}

/** The registry as a list, in declaration order, for docs, tests and routing tables. */
export const CATALOGUE: readonly CatalogueEntry[] = (
  Object.entries(REGISTRY) as [DetailType, Row<DefaultNotify>][]
).map(([detailType, r]) => ({ detailType, ...r }));

/** The catalogue row for a detail-type; every detail-type has exactly one. */
export function catalogueEntry(detailType: DetailType): CatalogueEntry {
  return { detailType, ...REGISTRY[detailType] };
}

/** The routing default for one event: what a receiver with no explicit filter gets. */
export function notifiedByDefault(detailType: DetailType, severity: Severity): boolean {
  const { notify } = REGISTRY[detailType];
  if (notify === "warning-only") return severityAtLeast(severity, "warning");
  if (notify === "opt-in") return false;
  return notify === "yes";
}
