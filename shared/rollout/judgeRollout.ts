import { isInMaintenanceWindow } from "../config/isInMaintenanceWindow.ts";
import type { MaintenanceWindow } from "../config/maintenanceWindow.ts";
import type { Rollout } from "../config/rollout.ts";
import { repeatBucket } from "../decide/repeatBucket.ts";
import { type DatedTransition, terminalAt } from "../decide/upgradeTimes.ts";
import { inWindow, type WindowMs } from "../decide/windowMs.ts";
import { consoleUrl } from "../events/consoleUrl.ts";
import { hashId } from "../events/eventId.ts";
import type { EventOf } from "../events/shepherdEvent.ts";
import type { Trigger } from "../events/trigger.ts";
import type { Window } from "../events/window.ts";
import type { ClusterRef } from "../model/cluster.ts";
import { clusterKey } from "../model/clusterIdentity.ts";
import type { Upgrade, UpgradeSnapshot } from "../model/snapshot.ts";
import { type ClusterState, clusterStatus } from "./clusterStatus.ts";
import { waveClusters } from "./waveClusters.ts";

/** What the judge needs of a cluster's merged policy (shared/config/policy.ts). */
export interface RolloutPolicy {
  /** ms; the poller's stall threshold. */
  stallAfter: number;
  dryRun: boolean;
  maintenanceWindows: readonly MaintenanceWindow[];
}

export interface RolloutInput {
  rollout: Rollout;
  /** Every cluster of the inventory, with its labels. */
  inventory: readonly ClusterRef[];
  /** This run's reads; a cluster with none is `unread`. */
  snapshots: readonly UpgradeSnapshot[];
  /** The run's window (shared/decide/windowMs.ts); `t` is the run's time. */
  w: WindowMs;
  /** ms; the repeat bucket of `Rollout Halted` and `Rollout Wave Ready`. */
  repeatMs: number;
  policyOf: (cluster: ClusterRef) => RolloutPolicy;
}

export interface ClusterJudgement {
  cluster: ClusterRef;
  state: ClusterState;
  succeededAt: string | null;
}

/**
 * `waiting`: a later wave, behind the current one. The rest say why the current wave may not
 * start more upgrades now, or `eligible`.
 */
export type WaveGate =
  | "complete"
  | "eligible"
  | "waiting"
  | "halted"
  | "soaking"
  | "completion-time-unknown"
  | "outside-maintenance-window";

export interface WaveJudgement {
  name: string;
  clusters: ClusterJudgement[];
  complete: boolean;
  /** ISO time of the latest success, when complete and the cloud keeps every success time. */
  completedAt: string | null;
  gate: WaveGate;
  /** ISO time the soak ends, while `soaking`. */
  soakEndsAt: string | null;
  /** Upgrades of this wave running now (upgrading or stalled). */
  running: number;
  /** With `approval: chat`: the cloud shows none of its upgrades begun yet. */
  awaitingApproval: boolean;
}

/** One event of the rollout, as the event registry declares it (shared/events/rolloutDetails.ts). */
export type RolloutEvent = EventOf<"Upgrade Due" | "Rollout Wave Ready" | "Rollout Halted">;

export interface RolloutJudgement {
  rollout: string;
  waves: WaveJudgement[];
  unassigned: ClusterRef[];
  /** The first wave not complete; null when every wave is. */
  currentWave: string | null;
  halted: { failed: ClusterRef[]; stalled: ClusterRef[] } | null;
  events: RolloutEvent[];
}

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * Judges one rollout from this run's reads alone (issue 19, "Stateless, like everything else").
 * Pure: the same input gives the same judgement, events and ids. Only the current wave (the
 * first not complete) may start upgrades, and none while the rollout is halted; a wave is
 * eligible once the previous one is complete and its soak has passed since its last success,
 * and a cluster is due only inside its own maintenance windows. `Upgrade Due` is a level event
 * (id keyed by `T`); `Rollout Halted` and `Rollout Wave Ready` are announced at their onset when
 * this window holds it, and again in the first run of each repeat bucket while they hold.
 */
export function judgeRollout(input: RolloutInput): RolloutJudgement {
  const { rollout, w } = input;
  const at = new Date(w.t);
  const byKey = new Map(input.snapshots.map((s) => [clusterKey(s.cluster), s]));
  const split = waveClusters(rollout, input.inventory);

  const judged = split.waves.map((wave) =>
    wave.clusters.map((cluster) => {
      const target = rollout.target[cluster.provider] ?? "";
      const status = clusterStatus(
        byKey.get(clusterKey(cluster)),
        target,
        input.policyOf(cluster).stallAfter,
        w.end,
      );
      const snapshot = byKey.get(clusterKey(cluster));
      return { cluster, upgrade: snapshot?.upgrade ?? null, ...status };
    }),
  );

  const all = judged.flat();
  const failed = all.filter((c) => c.state === "failed").map((c) => c.cluster);
  const stalled = all.filter((c) => c.state === "stalled").map((c) => c.cluster);
  const isHalted =
    failed.length >= rollout.haltOn.failures || stalled.length >= rollout.haltOn.stalls;
  const halted = isHalted ? { failed, stalled } : null;

  const events: RolloutEvent[] = [];
  const waves: WaveJudgement[] = [];
  let previousCompletedAt: number | null = 0;
  let previousSoak = 0;
  let currentFound = false;
  let currentWave: string | null = null;

  rollout.waves.forEach((config, i) => {
    const clusters = judged[i] ?? [];
    const complete = clusters.every((c) => c.state === "done");
    // A cluster that ran the target before the rollout saw it does not hold back the soak.
    const times = clusters.map((c) => (c.preexisting ? 0 : c.succeededAt));
    const completedAt = !complete
      ? null
      : clusters.length === 0
        ? previousCompletedAt
        : times.includes(null)
          ? null
          : Math.max(...(times as number[]));
    const running = clusters.filter((c) => c.state === "upgrading" || c.state === "stalled").length;
    const begun = clusters.some(
      (c) => c.state !== "pending" && c.state !== "unread" && !c.preexisting,
    );
    const awaitingApproval = config.approval === "chat" && !begun;
    const soakEnds =
      i === 0 || previousCompletedAt === null ? null : previousCompletedAt + previousSoak;
    let gate: WaveGate;
    if (complete) gate = "complete";
    else if (currentFound) gate = "waiting";
    else {
      currentFound = true;
      currentWave = config.name;
      gate = currentGate(i, previousCompletedAt, previousSoak, soakEnds, w.t, isHalted);
      if (gate === "eligible") {
        const due = clusters.filter(
          (c) =>
            c.state === "pending" &&
            isInMaintenanceWindow(input.policyOf(c.cluster).maintenanceWindows, at),
        );
        if (due.length === 0 && clusters.some((c) => c.state === "pending"))
          gate = "outside-maintenance-window";
        else if (awaitingApproval) {
          const ready = waveReady(rollout, config.name, due, soakEnds, w, input.repeatMs);
          if (ready) events.push(ready);
        } else {
          // A cluster this run could not read may be upgrading: it takes a slot, so a failed
          // read never lets the wave exceed maxConcurrent.
          const unread = clusters.filter((c) => c.state === "unread").length;
          const slots = Math.max(0, config.maxConcurrent - running - unread);
          for (const c of due.slice(0, slots)) {
            const { dryRun } = input.policyOf(c.cluster);
            events.push(upgradeDue(rollout, config.name, c, w, dryRun));
          }
        }
      }
    }
    waves.push({
      name: config.name,
      clusters: clusters.map((c) => ({
        cluster: c.cluster,
        state: c.state,
        succeededAt: c.succeededAt === null ? null : iso(c.succeededAt),
      })),
      complete,
      completedAt: completedAt === null ? null : iso(completedAt),
      gate,
      soakEndsAt: gate === "soaking" && soakEnds !== null ? iso(soakEnds) : null,
      running,
      awaitingApproval,
    });
    previousCompletedAt = completedAt;
    previousSoak = config.soak;
  });

  const dueCount = events.filter((e) => e.detailType === "Upgrade Due").length;
  for (const e of events) if (e.detailType === "Upgrade Due") e.detail.upgradesDue = dueCount;
  if (halted) {
    const haltedEvent = rolloutHalted(rollout, halted, input.snapshots, w, input.repeatMs);
    if (haltedEvent) events.push(haltedEvent);
  }
  return {
    rollout: rollout.name,
    waves,
    unassigned: split.unassigned,
    currentWave,
    halted,
    events,
  };
}

function currentGate(
  index: number,
  previousCompletedAt: number | null,
  previousSoak: number,
  soakEnds: number | null,
  t: number,
  halted: boolean,
): WaveGate {
  if (halted) return "halted";
  if (index === 0) return "eligible";
  if (previousCompletedAt === null)
    return previousSoak === 0 ? "eligible" : "completion-time-unknown";
  return soakEnds !== null && t < soakEnds ? "soaking" : "eligible";
}

function windowOf(w: WindowMs): Window {
  return { t: iso(w.t), start: iso(w.start), end: iso(w.end) };
}

function repeatTrigger(bucket: { start: number }, repeatMs: number): Trigger {
  return { kind: "repeat", bucketStart: iso(bucket.start), repeatMs };
}

function upgradeDue(
  rollout: Rollout,
  wave: string,
  c: { cluster: ClusterRef; upgrade: Upgrade | null },
  w: WindowMs,
  dryRun: boolean,
): RolloutEvent {
  const t = iso(w.t);
  return {
    detailType: "Upgrade Due",
    time: t,
    detail: {
      id: hashId(["Upgrade Due", rollout.name, wave, clusterKey(c.cluster), t]),
      severity: "debug",
      cluster: c.cluster,
      upgrade: c.upgrade,
      window: windowOf(w),
      consoleUrl: consoleUrl(c.cluster),
      rollout: rollout.name,
      wave,
      targetVersion: rollout.target[c.cluster.provider] ?? "",
      upgradesDue: 1,
      policy: { dryRun },
    },
  };
}

/**
 * The seam for the chat Approve button (the chat actions issue): the detail names the rollout,
 * the wave and the clusters a press would start first, so the button's handler can hand them to
 * start-upgrade, which re-judges before it starts anything. Nothing remembers the approval: once
 * one upgrade of the wave runs, the wave counts as begun. Announced when the soak ends in this
 * window, and in the first run of each repeat bucket while the wave waits.
 */
function waveReady(
  rollout: Rollout,
  wave: string,
  due: readonly { cluster: ClusterRef }[],
  soakEnds: number | null,
  w: WindowMs,
  repeatMs: number,
): RolloutEvent | null {
  const bucket = repeatBucket(w, repeatMs);
  const onset = soakEnds !== null && inWindow(w, soakEnds) ? soakEnds : null;
  if (onset === null && !bucket.first) return null;
  const config = rollout.waves.find((x) => x.name === wave);
  const trigger: Trigger =
    onset !== null
      ? { kind: "transition", at: iso(onset), from: "soakEnd" }
      : repeatTrigger(bucket, repeatMs);
  return {
    detailType: "Rollout Wave Ready",
    time: iso(w.t),
    detail: {
      id: hashId(["Rollout Wave Ready", rollout.name, wave, trigger.kind, keyOf(trigger)]),
      severity: "info",
      window: windowOf(w),
      rollout: rollout.name,
      wave,
      approval: "chat",
      firstClusters: due.slice(0, config?.maxConcurrent ?? 1).map((c) => c.cluster),
      trigger,
    },
  };
}

const keyOf = (trigger: Trigger): string =>
  trigger.kind === "transition" ? trigger.at : trigger.bucketStart;

/**
 * Once per repeat bucket while the halt holds, and at once when a failure dated in this window
 * halts it (the failure's own time keys the id).
 */
function rolloutHalted(
  rollout: Rollout,
  halted: { failed: ClusterRef[]; stalled: ClusterRef[] },
  snapshots: readonly UpgradeSnapshot[],
  w: WindowMs,
  repeatMs: number,
): RolloutEvent | null {
  const bucket = repeatBucket(w, repeatMs);
  const failedKeys = new Set(halted.failed.map(clusterKey));
  const onsets = snapshots
    .filter((s) => failedKeys.has(clusterKey(s.cluster)))
    .map((s) => (s.upgrade === null ? null : terminalAt(s.upgrade)))
    .filter((d): d is DatedTransition => d !== null && inWindow(w, d.at))
    .sort((a, b) => a.at - b.at);
  const onset = onsets[0];
  if (onset === undefined && !bucket.first) return null;
  const trigger: Trigger =
    onset !== undefined
      ? { kind: "transition", at: iso(onset.at), from: onset.from }
      : repeatTrigger(bucket, repeatMs);
  return {
    detailType: "Rollout Halted",
    time: iso(w.t),
    detail: {
      id: hashId(["Rollout Halted", rollout.name, trigger.kind, keyOf(trigger)]),
      severity: "critical",
      window: windowOf(w),
      rollout: rollout.name,
      failed: halted.failed,
      stalled: halted.stalled,
      trigger,
    },
  };
}
