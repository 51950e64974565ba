import { compareSeverity } from "../events/severity.ts";
import type { ShepherdEvent } from "../events/shepherdEvent.ts";
import type { AlertView } from "./alertView.ts";

/** Most severe first, otherwise in the order given, so a digest leads with what pages. */
export function bySeverity(events: readonly ShepherdEvent[]): ShepherdEvent[] {
  return events
    .map((e, i) => ({ e, i }))
    .sort((a, b) => compareSeverity(b.e.detail.severity, a.e.detail.severity) || a.i - b.i)
    .map(({ e }) => e);
}

/** `3 upgrade events (1 critical, 1 warning)`: the notification line of a digest. */
export function digestTitle(views: readonly AlertView[]): string {
  const counts = new Map<string, number>();
  for (const v of views) {
    if (v.severity === "critical" || v.severity === "warning") {
      counts.set(v.severity, (counts.get(v.severity) ?? 0) + 1);
    }
  }
  const tally = ["critical", "warning"]
    .filter((s) => counts.has(s))
    .map((s) => `${counts.get(s)} ${s}`)
    .join(", ");
  return `${views.length} upgrade events${tally ? ` (${tally})` : ""}`;
}
