import { transitionKey } from "../decide/idKeys.ts";
import { startedAt, terminalAt } from "../decide/upgradeTimes.ts";
import { clusterEventId } from "../events/eventId.ts";
import type { ClusterRef } from "../model/cluster.ts";
import type { Step, Upgrade } from "../model/snapshot.ts";
import type { LedgerAction, LedgerEntry, LedgerStep } from "./ledgerEntry.ts";

/** One cluster's upgrades as read in one poll: the current one and the past ones its task list holds. */
export interface ClusterHistory {
  cluster: ClusterRef;
  upgrades: readonly Upgrade[];
}

export interface LedgerOptions {
  /** Epoch ms: entries that started and finished before this are left out. Running ones are kept. */
  since?: number;
}

const ms = (iso: string | null): number | null => {
  if (iso === null) return null;
  const t = Date.parse(iso);
  return Number.isFinite(t) ? t : null;
};

const span = (from: string | null, to: string | null): number | null => {
  const a = ms(from);
  const b = ms(to);
  return a === null || b === null || b < a ? null : b - a;
};

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

function ledgerStep(step: Step): LedgerStep {
  return { ...step, durationMs: span(step.startedAt, step.finishedAt) };
}

/** What the cloud's record shows was done to the upgrade (see `LedgerActionSchema`). */
function actionsOf(u: Upgrade): LedgerAction[] {
  const actions: LedgerAction[] = [];
  const postcheck = u.steps.find((s) => same(s.name, "PostCheck") && s.status);
  if (postcheck) {
    actions.push({
      action: "postcheck",
      status: postcheck.status,
      at: postcheck.finishedAt ?? postcheck.startedAt,
    });
  }
  if (u.phase === "cancelled")
    actions.push({ action: "cancel", status: u.rawPhase, at: u.finishedAt });
  return actions;
}

const TERMINAL_TYPES = {
  succeeded: "Upgrade Succeeded",
  failed: "Upgrade Failed",
  cancelled: "Upgrade Cancelled",
} as const;

/** The ids decide gives the Started and terminal edges of this upgrade (same times, same recipe). */
function eventIdsOf(cluster: ClusterRef, u: Upgrade): LedgerEntry["eventIds"] {
  const start = startedAt(u);
  const end = terminalAt(u);
  const type =
    u.phase === "succeeded" || u.phase === "failed" || u.phase === "cancelled"
      ? TERMINAL_TYPES[u.phase]
      : null;
  return {
    started: start && clusterEventId(cluster, u.id, "Upgrade Started", transitionKey(start.at)),
    finished: end && type && clusterEventId(cluster, u.id, type, transitionKey(end.at)),
  };
}

/** One upgrade as a ledger entry. */
export function ledgerEntry(cluster: ClusterRef, u: Upgrade): LedgerEntry {
  return {
    cluster,
    upgradeId: u.id,
    fromVersion: u.fromVersion,
    toVersion: u.toVersion,
    startedAt: u.createdAt,
    finishedAt: u.finishedAt,
    outcome: u.phase,
    rawPhase: u.rawPhase,
    durationMs: span(u.createdAt, u.finishedAt),
    steps: u.steps.map(ledgerStep),
    actions: actionsOf(u),
    message: u.message,
    source: u.source,
    eventIds: eventIdsOf(cluster, u),
  };
}

/**
 * The fleet's upgrade history: every upgrade of every cluster, newest first (by start; an
 * upgrade with no start time last), one entry per upgrade id (the first seen wins, so pass the
 * current read before older ones). Entries wholly before `since` are left out; an upgrade still
 * in progress is always kept. Pure.
 */
export function buildLedger(
  histories: readonly ClusterHistory[],
  options: LedgerOptions = {},
): LedgerEntry[] {
  const entries: LedgerEntry[] = [];
  for (const { cluster, upgrades } of histories) {
    const seen = new Set<string>();
    for (const u of upgrades) {
      if (seen.has(u.id)) continue;
      seen.add(u.id);
      const entry = ledgerEntry(cluster, u);
      if (options.since !== undefined && !within(entry, options.since)) continue;
      entries.push(entry);
    }
  }
  return entries.sort(
    (a, b) =>
      (ms(b.startedAt) ?? Number.NEGATIVE_INFINITY) -
        (ms(a.startedAt) ?? Number.NEGATIVE_INFINITY) ||
      a.cluster.clusterId.localeCompare(b.cluster.clusterId),
  );
}

function within(entry: LedgerEntry, since: number): boolean {
  if (entry.finishedAt === null) return true;
  const last = Math.max(ms(entry.finishedAt) ?? 0, ms(entry.startedAt) ?? 0);
  return last >= since;
}
