import { lastActivityAt } from "../decide/upgradeTimes.ts";
import type { DurationSample } from "../eta/durationSample.ts";
import { expectationFor, fleetSamples, upgradesOf } from "../eta/expectation.ts";
import type { ExpectedStall } from "../eta/expectedStall.ts";
import { buildLedger } from "../ledger/buildLedger.ts";
import type { ClusterRef } from "../model/cluster.ts";
import type { FailureKind } from "../model/failure.ts";
import type { Upgrade, UpgradeSnapshot } from "../model/snapshot.ts";
import { SUPPORT_CALENDAR, versionSupport } from "../support/endOfSupport.ts";
import type { StatusCluster, StatusModel } from "./statusModel.ts";

/** One cluster as this run read it: its snapshot (with `history`), or why it could not be read. */
export interface ClusterRead {
  cluster: ClusterRef;
  snapshot: UpgradeSnapshot | null;
  failure: { kind: FailureKind; message: string } | null;
}

export interface StatusInput {
  t: string;
  now: number;
  part?: { index: number; count: number; attempt?: number };
  reads: readonly ClusterRead[];
  /** The cluster's `stallAfter`: milliseconds of silence, or `auto`. Default: 3 hours. */
  stallAfterFor?: (cluster: ClusterRef) => number | "auto";
  /** Days of upgrades on the timeline. Default 30. */
  recentDays?: number;
}

const DAY_MS = 86_400_000;
const DEFAULT_STALL_AFTER_MS = 3 * 3_600_000;

/**
 * The status of every cluster one run read, and the last `recentDays` of upgrades: phase,
 * progress, ETA (`estimateEta`: the cluster's own past, else the fleet's of the same provider),
 * a stall judged the way decide judges it (`auto` against the usual duration, else the fixed
 * silence), and the running version against the end-of-support calendar. Pure.
 */
export function buildStatusModel(input: StatusInput): StatusModel {
  const snapshots = input.reads.flatMap((r) => (r.snapshot ? [r.snapshot] : []));
  const fleet = fleetSamples(snapshots);
  const clusters = input.reads.map((read) => statusCluster(read, fleet, input));
  const since = input.now - (input.recentDays ?? 30) * DAY_MS;
  const recent = buildLedger(
    snapshots.map((s) => ({ cluster: s.cluster, upgrades: upgradesOf(s) })),
    { since },
  ).filter((e) => e.startedAt !== null && Date.parse(e.startedAt) <= input.now);
  return {
    t: input.t,
    generatedAt: new Date(input.now).toISOString(),
    part: { index: 0, count: 1, attempt: 1, ...input.part },
    clusters,
    recent,
    calendarCheckedAt: SUPPORT_CALENDAR.checkedAt,
  };
}

function statusCluster(
  read: ClusterRead,
  fleet: ReadonlyMap<ClusterRef["provider"], readonly DurationSample[]>,
  input: StatusInput,
): StatusCluster {
  const { cluster } = read;
  const upgrade = read.snapshot?.upgrade ?? null;
  const expected = read.snapshot ? expectationFor(read.snapshot, fleet, input.now) : null;
  const eta = expected?.eta ?? null;
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
    stalled: upgrade ? stallOf(upgrade, expected?.stall ?? null, stallAfter, input.now) : null,
    support: versionSupport(cluster.provider, version ?? upgrade?.fromVersion, input.now),
    message: upgrade?.message ?? null,
    readError: read.failure,
  };
}

const ACTIVE = new Set(["pending", "prechecking", "running"]);

/** The same judgement as decide's stall rule, at `now` rather than at the window's end. */
function stallOf(
  upgrade: Upgrade,
  expected: ExpectedStall | null,
  stallAfter: number | "auto",
  now: number,
): StatusCluster["stalled"] {
  if (!ACTIVE.has(upgrade.phase)) return null;
  if (stallAfter === "auto") {
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
