import type { StatusModel } from "./statusModel.ts";

export interface AssembledStatus {
  model: StatusModel;
  /** Shard indexes of this run that wrote no part (yet): the page says so. */
  missing: number[];
}

const key = (c: StatusModel["clusters"][number]) =>
  `${c.cluster.provider}/${c.cluster.region}/${c.cluster.clusterId}`;

/**
 * One page from the parts the shards of one run wrote (same `t`; parts of another run are
 * ignored). Clusters are ordered by key and deduplicated (a retried shard writes its part
 * again); the timeline merges every part's upgrades, newest first. Pure.
 */
export function assembleParts(parts: readonly StatusModel[], t: string): AssembledStatus {
  // A later read attempt of a shard re-read only what failed: its clusters replace those.
  const current = parts
    .filter((p) => p.t === t)
    .sort((a, b) => (a.part.attempt ?? 1) - (b.part.attempt ?? 1));
  const count = Math.max(1, ...current.map((p) => p.part.count));
  const written = new Set(current.map((p) => p.part.index));
  const clusters = new Map<string, StatusModel["clusters"][number]>();
  const recent = new Map<string, StatusModel["recent"][number]>();
  for (const part of current) {
    for (const c of part.clusters) clusters.set(key(c), c);
    for (const e of part.recent)
      recent.set(
        `${e.cluster.provider}/${e.cluster.region}/${e.cluster.clusterId}/${e.upgradeId}`,
        e,
      );
  }
  const generatedAt =
    current
      .map((p) => p.generatedAt)
      .sort()
      .at(-1) ?? t;
  return {
    model: {
      t,
      generatedAt,
      part: { index: 0, count, attempt: 1 },
      clusters: [...clusters.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, c]) => c),
      recent: [...recent.values()].sort(
        (a, b) => Date.parse(b.startedAt ?? "") - Date.parse(a.startedAt ?? "") || 0,
      ),
      calendarCheckedAt: current[0]?.calendarCheckedAt ?? "1970-01-01",
    },
    missing: Array.from({ length: count }, (_, i) => i).filter((i) => !written.has(i)),
  };
}
