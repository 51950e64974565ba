import type { DetailType } from "./detailType.ts";
import { type Severity, severityAtLeast } from "./severity.ts";

/**
 * - `edge`: announced once, in the run whose window holds the transition's own timestamp.
 * - `level`: emitted in every run while its condition holds; the action functions act on it.
 * - `internal`: the poller talking to itself (retries, shards).
 * - `outcome`: what a function did in answer to a level event.
 */
export type EventKind = "edge" | "level" | "internal" | "outcome";

/** `warning-only`: notified when the event's own severity is warning or above. */
export type DefaultNotify = "yes" | "no" | "warning-only";

export interface CatalogueEntry {
  readonly detailType: DetailType;
  /** The function that emits it. */
  readonly from: string;
  readonly kind: EventKind;
  /** Also (or only) fires in the first run of each `repeat` bucket while its state holds. */
  readonly repeatBucket: boolean;
  /** The usual severity; `severities` lists every one the event can carry. */
  readonly severity: Severity;
  readonly severities: readonly Severity[];
  readonly notify: DefaultNotify;
}

/** The catalogue as data, so routing defaults, docs and tests read one table. */
export const CATALOGUE: readonly CatalogueEntry[] = [
  entry("Upgrade Started", "poll-status", "edge", "info", "yes", { repeatBucket: true }),
  entry("Upgrade Paused", "poll-status", "edge", "warning", "yes", { repeatBucket: true }),
  entry("Upgrade Stalled", "poll-status", "edge", "warning", "yes", { repeatBucket: true }),
  entry("Upgrade Succeeded", "poll-status", "edge", "info", "yes"),
  entry("Upgrade Failed", "poll-status", "edge", "critical", "yes", { repeatBucket: true }),
  entry("Upgrade Cancelled", "poll-status", "edge", "warning", "yes"),
  entry("Poll Failed", "poll-status", "edge", "warning", "yes", {
    repeatBucket: true,
    severities: ["warning", "critical"],
  }),
  entry("Read Degraded", "poll-status", "edge", "warning", "yes", { repeatBucket: true }),
  entry("Postcheck Due", "poll-status", "level", "debug", "no"),
  entry("Cancel Due", "poll-status", "level", "debug", "no"),
  entry("Resume Due", "poll-status", "level", "debug", "no"),
  entry("Poll Retry Requested", "poll-status", "internal", "debug", "no"),
  entry("Poll Shard Requested", "poll-status", "internal", "debug", "no"),
  entry("Postcheck Passed", "trigger-postcheck", "outcome", "info", "yes"),
  entry("Postcheck Failed", "trigger-postcheck", "outcome", "critical", "yes"),
  entry("Action Succeeded", "action functions", "outcome", "info", "yes"),
  entry("Action Skipped", "action functions", "outcome", "debug", "warning-only", {
    severities: ["debug", "warning"],
  }),
  entry("Action Failed", "action functions", "outcome", "critical", "yes"),
  entry("Auto Actions Suspended", "cancel-on-failure", "outcome", "critical", "yes"),
];

function entry(
  detailType: DetailType,
  from: string,
  kind: EventKind,
  severity: Severity,
  notify: DefaultNotify,
  extra: { repeatBucket?: boolean; severities?: readonly Severity[] } = {},
): CatalogueEntry {
  return {
    detailType,
    from,
    kind,
    repeatBucket: extra.repeatBucket ?? false,
    severity,
    severities: extra.severities ?? [severity],
    notify,
  };
}

/** The catalogue row for a detail-type; every detail-type has exactly one. */
export function catalogueEntry(detailType: DetailType): CatalogueEntry {
  const found = CATALOGUE.find((e) => e.detailType === detailType);
  if (!found) throw new RangeError(`no catalogue entry for ${detailType}`);
  return found;
}

/** The routing default for one event: what a receiver with no explicit filter gets. */
export function notifiedByDefault(detailType: DetailType, severity: Severity): boolean {
  const { notify } = catalogueEntry(detailType);
  if (notify === "warning-only") return severityAtLeast(severity, "warning");
  return notify === "yes";
}
