import type { LedgerEntry } from "./ledgerEntry.ts";

export const LEDGER_CSV_COLUMNS = [
  "provider",
  "region",
  "cluster_id",
  "cluster_name",
  "upgrade_id",
  "from_version",
  "to_version",
  "started_at",
  "finished_at",
  "outcome",
  "provider_status",
  "duration_s",
  "steps",
  "actions",
  "started_event_id",
  "finished_event_id",
] as const;

/**
 * One CSV field (RFC 4180: quoted when it holds a comma, quote or line break, quotes doubled).
 * A field that a spreadsheet would read as a formula (`=`, `+`, `-`, `@`, tab, carriage return
 * first: OWASP, "CSV Injection") gets a leading apostrophe, since names and messages come from
 * the clouds.
 */
export function csvField(value: string | number | null): string {
  if (value === null) return "";
  let text = String(value);
  if (typeof value === "string" && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

const seconds = (ms: number | null) => (ms === null ? null : Math.round(ms / 1000));

/** The ledger as CSV with a header row and CRLF line ends (RFC 4180), one row per upgrade. */
export function ledgerCsv(entries: readonly LedgerEntry[]): string {
  const rows = entries.map((e) => [
    e.cluster.provider,
    e.cluster.region,
    e.cluster.clusterId,
    e.cluster.name ?? null,
    e.upgradeId,
    e.fromVersion,
    e.toVersion,
    e.startedAt,
    e.finishedAt,
    e.outcome,
    e.rawPhase,
    seconds(e.durationMs),
    e.steps
      .map(
        (s) =>
          `${s.name}:${s.status ?? "-"}${s.durationMs === null ? "" : `:${seconds(s.durationMs)}s`}`,
      )
      .join(" "),
    e.actions.map((a) => `${a.action}:${a.status ?? "-"}`).join(" "),
    e.eventIds.started,
    e.eventIds.finished,
  ]);
  return [[...LEDGER_CSV_COLUMNS], ...rows]
    .map((row) => row.map(csvField).join(","))
    .join("\r\n")
    .concat("\r\n");
}
