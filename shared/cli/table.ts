import type { UpgradeSnapshot } from "../model/snapshot.ts";
import type { ReadFailure } from "../poll/readFleet.ts";

/** `[#####·····]  50%`: a progress bar a terminal shows in a fixed width. */
export function progressBar(progress: number | null, width = 10): string {
  if (progress === null) return `${" ".repeat(width + 2)}    `;
  const filled = Math.round((progress / 100) * width);
  return `[${"#".repeat(filled)}${"·".repeat(width - filled)}] ${String(Math.round(progress)).padStart(3)}%`;
}

const clusterName = (s: { cluster: { name?: string | undefined; clusterId: string } }) =>
  s.cluster.name ?? s.cluster.clusterId;

const shortTime = (iso: string | null): string =>
  iso ? `${iso.slice(0, 16).replace("T", " ")}Z` : "-";

/** A table of what one poll read: one row per cluster, failures last. */
export function renderPollTable(
  snapshots: readonly UpgradeSnapshot[],
  failures: readonly ReadFailure[],
): string {
  const rows: string[][] = [
    ["CLUSTER", "PROVIDER", "PHASE", "PROGRESS", "VERSIONS", "UPDATED", "ERROR"],
  ];
  for (const s of snapshots) {
    const u = s.upgrade;
    rows.push([
      clusterName(s),
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
      clusterName(f),
      f.cluster.provider,
      "unread",
      progressBar(null),
      "-",
      "-",
      `${f.kind}${f.code ? ` ${f.code}` : ""}: ${f.message}`,
    ]);
  }
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
