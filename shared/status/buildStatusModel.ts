import { lastActivityAt } from "../decide/upgradeTimes.ts";
import { type DurationSample, durationSamples } from "../eta/durationSample.ts";
import { estimateEta } from "../eta/estimateEta.ts";
import { AUTO_STALL_FLOOR_MS, expectedStall } from "../eta/expectedStall.ts";
import { buildLedger } from "../ledger/buildLedger.ts";
import type { ClusterRef, Provider } from "../model/cluster.ts";
import type { FailureKind } from "../model/failure.ts";
import type { Upgrade, UpgradeSnapshot } from "../model/snapshot.ts";
import { SUPPORT_CALENDAR, versionSupport } from "../support/endOfSupport.ts";
import type { StatusCluster, StatusModel } from "./statusModel.ts";

/** One cluster as this run read it: its snapshot, the past upgrades the same answers held, or why it failed. */
export interface ClusterRead {
  cluster: ClusterRef;
  snapshot: UpgradeSnapshot | null;
  /** Past upgrades from the same task list (the current one may be among them). */
  history: readonly Upgrade[];
  failure: { kind: FailureKind; message: string } | null;
}

export interface StatusInput {
  t: string;
  now: number;
  part?: { index: number; count: number };
  reads: readonly ClusterRead[];
  /** The cluster's `stallAfter`: milliseconds of silence, or `auto`. Default: 3 hours. */
  stallAfterFor?: (cluster: ClusterRef) => number | "auto";
  /** Days of upgrades on the timeline. Default 30. */
  recentDays?: number;
}

const DAY_MS = 86_400_000;
const DEFAULT_STALL_AFTER_MS = 3 * 3_600_000;

const upgradesOf = (read: ClusterRead): Upgrade[] => {
  const current = read.snapshot?.upgrade;
  return current
    ? [current, ...read.history.filter((u) => u.id !== current.id)]
    : [...read.history];
};

function fleetSamples(reads: readonly ClusterRead[]): Map<Provider, DurationSample[]> {
  const byProvider = new Map<Provider, DurationSample[]>();
  for (const read of reads) {
    const list = byProvider.get(read.cluster.provider) ?? [];
    list.push(...durationSamples(upgradesOf(read)));
    byProvider.set(read.cluster.provider, list);
  }
  for (const list of byProvider.values()) list.sort((a, b) => b.startedAt - a.startedAt);
  return byProvider;
}

/**
 * The status of every cluster one run read, and the last `recentDays` of upgrades: phase,
 * progress, ETA (`estimateEta`: the cluster's own past, else the fleet's of the same provider),
 * a stall judged the way decide judges it (`auto` against the usual duration, else the fixed
 * silence), and the running version against the end-of-support calendar. Pure.
 */
export function buildStatusModel(input: StatusInput): StatusModel {
  const fleet = fleetSamples(input.reads);
  const clusters = input.reads.map((read) =>
    statusCluster(read, fleet.get(read.cluster.provider) ?? [], input),
  );
  const since = input.now - (input.recentDays ?? 30) * DAY_MS;
  const recent = buildLedger(
    input.reads.map((r) => ({ cluster: r.cluster, upgrades: upgradesOf(r) })),
    { since },
  ).filter((e) => e.startedAt !== null && Date.parse(e.startedAt) <= input.now);
  return {
    t: input.t,
    generatedAt: new Date(input.now).toISOString(),
    part: input.part ?? { index: 0, count: 1 },
    clusters,
    recent,
    calendarCheckedAt: SUPPORT_CALENDAR.checkedAt,
  };
}

function statusCluster(
  read: ClusterRead,
  fleet: readonly DurationSample[],
  input: StatusInput,
): StatusCluster {
  const { cluster } = read;
  const upgrade = read.snapshot?.upgrade ?? null;
  const own = durationSamples(read.history);
  const eta = upgrade ? estimateEta(upgrade, own, fleet, input.now) : null;
  const version =
    upgrade === null
      ? null
      : upgrade.phase === "succeeded"
        ? (upgrade.toVersion ?? upgrade.fromVersion)
        : (upgrade.fromVersion ?? null);
  const stallAfter = input.stallAfterFor?.(cluster) ?? DEFAULT_STALL_AFTER_MS;
  const current = upgrade?.steps.findLast(
    (s) => s.status?.toLowerCase() === "running" || (s.startedAt !== null && s.finishedAt === null),
  );
  return {
    cluster,
    state: read.snapshot === null ? "unreadable" : (upgrade?.phase ?? "idle"),
    rawPhase: upgrade?.rawPhase ?? null,
    upgradeId: upgrade?.id ?? null,
    progress: upgrade?.progress ?? null,
    version,
    fromVersion: upgrade?.fromVersion ?? null,
    toVersion: upgrade?.toVersion ?? null,
    startedAt: upgrade?.createdAt ?? null,
    finishedAt: upgrade?.finishedAt ?? null,
    step: current?.name ?? null,
    eta,
    stalled: upgrade ? stallOf(upgrade, eta, stallAfter, input.now) : null,
    support: versionSupport(cluster.provider, version ?? upgrade?.fromVersion, input.now),
    message: upgrade?.message ?? null,
    readError: read.failure,
  };
}

const ACTIVE = new Set(["pending", "prechecking", "running"]);

/** The same judgement as decide's stall rule, at `now` rather than at the window's end. */
function stallOf(
  upgrade: Upgrade,
  eta: ReturnType<typeof estimateEta>,
  stallAfter: number | "auto",
  now: number,
): StatusCluster["stalled"] {
  if (!ACTIVE.has(upgrade.phase)) return null;
  if (stallAfter === "auto") {
    const expected = expectedStall(upgrade, eta, AUTO_STALL_FLOOR_MS);
    if (expected !== null) {
      return expected.onset <= now
        ? { step: expected.step, runningForMs: now - expected.since, usualMs: expected.usualMs }
        : null;
    }
  }
  const threshold = stallAfter === "auto" ? DEFAULT_STALL_AFTER_MS : stallAfter;
  const last = lastActivityAt(upgrade);
  if (last === null || last + threshold > now) return null;
  return { step: null, runningForMs: now - last, usualMs: null };
}
