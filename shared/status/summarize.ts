import type { Provider } from "../model/cluster.ts";
import type { StatusCluster, StatusModel } from "./statusModel.ts";

export type ClusterState = StatusCluster["state"];

/** The states in the order the page lists them: what needs a person first. */
export const STATE_ORDER: readonly ClusterState[] = [
  "failed",
  "unreadable",
  "paused",
  "unknown",
  "running",
  "prechecking",
  "pending",
  "cancelled",
  "succeeded",
  "idle",
];

export interface GroupCount {
  total: number;
  /** Pending, prechecking or running. */
  active: number;
  paused: number;
  failed: number;
  stalled: number;
  unreadable: number;
}

export interface VersionRow {
  provider: Provider;
  minor: string | null;
  clusters: number;
  support: StatusCluster["support"];
}

export interface StatusSummary {
  clusters: number;
  byState: Partial<Record<ClusterState, number>>;
  stalled: number;
  byProvider: ({ provider: Provider } & GroupCount)[];
  byLabel: ({ key: string; value: string } & GroupCount)[];
  versions: VersionRow[];
  recent: { succeeded: number; failed: number; cancelled: number; other: number };
}

const ACTIVE = new Set<ClusterState>(["pending", "prechecking", "running"]);

const empty = (): GroupCount => ({
  total: 0,
  active: 0,
  paused: 0,
  failed: 0,
  stalled: 0,
  unreadable: 0,
});

function add(count: GroupCount, c: StatusCluster): void {
  count.total++;
  if (ACTIVE.has(c.state)) count.active++;
  if (c.state === "paused") count.paused++;
  if (c.state === "failed") count.failed++;
  if (c.state === "unreadable") count.unreadable++;
  if (c.stalled) count.stalled++;
}

/** Counts per state, provider and label, and the fleet's versions against end of support. Pure. */
export function summarize(model: StatusModel): StatusSummary {
  const byState: Partial<Record<ClusterState, number>> = {};
  const providers = new Map<Provider, GroupCount>();
  const labels = new Map<string, { key: string; value: string } & GroupCount>();
  const versions = new Map<string, VersionRow>();
  for (const c of model.clusters) {
    byState[c.state] = (byState[c.state] ?? 0) + 1;
    const p = providers.get(c.cluster.provider) ?? empty();
    add(p, c);
    providers.set(c.cluster.provider, p);
    for (const [key, value] of Object.entries(c.cluster.labels ?? {})) {
      const id = JSON.stringify([key, value]);
      const l = labels.get(id) ?? { key, value, ...empty() };
      add(l, c);
      labels.set(id, l);
    }
    const vid = JSON.stringify([c.cluster.provider, c.support.minor]);
    const v = versions.get(vid) ?? {
      provider: c.cluster.provider,
      minor: c.support.minor,
      clusters: 0,
      support: c.support,
    };
    v.clusters++;
    versions.set(vid, v);
  }
  const recent = { succeeded: 0, failed: 0, cancelled: 0, other: 0 };
  for (const e of model.recent) {
    if (e.outcome === "succeeded" || e.outcome === "failed" || e.outcome === "cancelled")
      recent[e.outcome]++;
    else recent.other++;
  }
  return {
    clusters: model.clusters.length,
    byState,
    stalled: model.clusters.filter((c) => c.stalled).length,
    byProvider: [...providers]
      .map(([provider, n]) => ({ provider, ...n }))
      .sort((a, b) => a.provider.localeCompare(b.provider)),
    byLabel: [...labels.values()].sort(
      (a, b) => a.key.localeCompare(b.key) || a.value.localeCompare(b.value),
    ),
    versions: [...versions.values()].sort(
      (a, b) => a.provider.localeCompare(b.provider) || compareMinor(b.minor, a.minor),
    ),
    recent,
  };
}

/** `1.30` after `1.9`; an unreadable version last. */
export function compareMinor(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  const [am = 0, an = 0] = a.split(".").map(Number);
  const [bm = 0, bn = 0] = b.split(".").map(Number);
  return am - bm || an - bn;
}
