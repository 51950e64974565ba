import { progressBar } from "../infra/local/runner/timeline.ts";
import type { ShepherdEvent } from "../shared/events/shepherdEvent.ts";
import type { ClusterRef } from "../shared/model/cluster.ts";
import type { UpgradeSnapshot } from "../shared/model/snapshot.ts";
import type { ReadFailure } from "../shared/poll/readFleet.ts";

/** A cluster this run does not read: its `pollInterval` puts it on a coarser grid than `T`. */
export interface NotDue {
  cluster: ClusterRef;
  /** The cluster's interval, as the config spells durations (`15m`). */
  pollInterval: string;
  /** The next schedule time on the cluster's grid, when a run reads it. */
  nextRun: string;
}

const clusterName = (cluster: { name?: string | undefined; clusterId: string }) =>
  cluster.name ?? cluster.clusterId;

const shortTime = (iso: string | null): string =>
  iso ? `${iso.slice(0, 16).replace("T", " ")}Z` : "-";

/**
 * What a failed read says in the table. A credential set that could not be loaded never reached
 * a cloud, and says so, whatever kind the poller gives it (`credentials`; `server` with code
 * `CredentialsNotLoaded` before shared/model/failure.ts had that kind).
 */
export function describeFailure(f: ReadFailure): string {
  if (String(f.kind) === "credentials" || f.code === "CredentialsNotLoaded") {
    return `credentials not loaded (nothing sent): ${f.message}`;
  }
  return `${f.kind}${f.code ? ` ${f.code}` : ""}: ${f.message}`;
}

/** A table of what one poll read: one row per cluster; failures, then clusters not due, last. */
export function renderPollTable(
  snapshots: readonly UpgradeSnapshot[],
  failures: readonly ReadFailure[],
  notDue: readonly NotDue[] = [],
): string {
  const rows: string[][] = [
    ["CLUSTER", "PROVIDER", "PHASE", "PROGRESS", "VERSIONS", "UPDATED", "ERROR"],
  ];
  for (const s of snapshots) {
    const u = s.upgrade;
    rows.push([
      clusterName(s.cluster),
      s.cluster.provider,
      u ? u.phase : "no upgrade",
      progressBar(u?.progress ?? null),
      u ? `${u.fromVersion ?? "?"} -> ${u.toVersion ?? "?"}` : "-",
      shortTime(u ? (u.finishedAt ?? u.updatedAt ?? u.createdAt) : null),
      u?.phase === "failed" ? (u.message ?? "") : "",
    ]);
  }
  for (const f of failures) {
    rows.push([
      clusterName(f.cluster),
      f.cluster.provider,
      "unread",
      progressBar(null),
      "-",
      "-",
      describeFailure(f),
    ]);
  }
  for (const n of notDue) {
    rows.push([
      clusterName(n.cluster),
      n.cluster.provider,
      "not due",
      progressBar(null),
      "-",
      "-",
      `polled every ${n.pollInterval}: next read by the run at ${shortTime(n.nextRun)}`,
    ]);
  }
  return formatRows(rows);
}

/** The clusters an event is about: its own, or every cluster a shared failure left unread. */
export function eventClusters(event: ShepherdEvent): ClusterRef[] {
  const detail = event.detail as { cluster?: ClusterRef; affectedClusters?: ClusterRef[] };
  return detail.affectedClusters ?? (detail.cluster ? [detail.cluster] : []);
}

/** The events a run would publish, each with the cluster it is about. Debug events are left to --json. */
export function renderEventList(events: readonly ShepherdEvent[], t: Date): string {
  const accepted = events.flatMap((e) =>
    e.detailType === "Credentials Accepted" ? [e.detail.credentialSet] : [],
  );
  const shown = events.filter(
    (e) => e.detail.severity !== "debug" && e.detailType !== "Credentials Accepted",
  );
  const hidden = events.filter((e) => e.detail.severity === "debug").length;
  const more = hidden > 0 ? ` (and ${hidden} debug event(s): --json shows them)` : "";
  const head = `\nevents of the run at T=${t.toISOString()}${more}:\n`;
  // Credentials Accepted only resolves a refused key's page: one line, not a row per set.
  const keys =
    accepted.length > 0
      ? `credential sets accepted (Credentials Accepted): ${accepted.join(", ")}\n`
      : "";
  if (shown.length === 0) return `${head}  none\n${keys}`;
  const rows = [["SEVERITY", "EVENT", "CLUSTER"]];
  for (const e of shown) {
    const clusters = eventClusters(e);
    const names = clusters.map(clusterName);
    const subject =
      names.length <= 1
        ? `${names[0] ?? "-"}${clusters[0] ? ` (${clusters[0].provider} ${clusters[0].region})` : ""}`
        : `${names.length} clusters: ${names.join(", ")}`;
    rows.push([e.detail.severity, e.detailType, subject]);
  }
  return `${head}${formatRows(rows)}${keys}`;
}

export function formatRows(rows: readonly string[][]): string {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? "").length))) ?? [];
  return `${rows
    .map((r) =>
      r
        .map((cell, i) => cell.padEnd(widths[i] ?? 0))
        .join("  ")
        .trimEnd(),
    )
    .join("\n")}\n`;
}
