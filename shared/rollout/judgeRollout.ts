import { clusterKey } from "../config/clusterKey.ts";
import { isInMaintenanceWindow } from "../config/isInMaintenanceWindow.ts";
import type { MaintenanceWindow } from "../config/maintenanceWindow.ts";
import type { Rollout } from "../config/rollout.ts";
import { repeatBucket } from "../decide/repeatBucket.ts";
import { terminalAt } from "../decide/upgradeTimes.ts";
import { inWindow, type WindowMs } from "../decide/windowMs.ts";
import { hashId } from "../events/eventId.ts";
import type { ClusterRef } from "../model/cluster.ts";
import type { UpgradeSnapshot } from "../model/snapshot.ts";
import { type ClusterState, clusterStatus } from "./clusterStatus.ts";
import { waveClusters } from "./waveClusters.ts";

/** What the judge needs of a cluster's merged policy (shared/config/policy.ts). */
export interface RolloutPolicy {
  /** ms; the poller's stall threshold. */
  stallAfter: number;
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

/** One event of the rollout; `detailType` is a row of the event registry. */
export interface RolloutEvent {
  detailType: "Upgrade Due" | "Rollout Wave Ready" | "Rollout Halted";
  id: string;
  /** The run's `T`, ISO. */
  time: string;
  detail: Record<string, unknown>;
}

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
  const bucket = repeatBucket(w, input.repeatMs);

  const judged = split.waves.map((wave) =>
    wave.clusters.map((cluster) => {
      const target = rollout.target[cluster.provider] ?? "";
      const status = clusterStatus(
        byKey.get(clusterKey(cluster)),
        target,
        input.policyOf(cluster).stallAfter,
        w.end,
      );
      return { cluster, ...status };
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
    const times = clusters.map((c) => c.succeededAt);
    const completedAt = !complete
      ? null
      : clusters.length === 0
        ? previousCompletedAt
        : times.includes(null)
          ? null
          : Math.max(...(times as number[]));
    const running = clusters.filter((c) => c.state === "upgrading" || c.state === "stalled").length;
    const begun = clusters.some((c) => c.state !== "pending" && c.state !== "unread");
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
          const ready = waveReady(rollout, config.name, due, soakEnds, w, bucket);
          if (ready) events.push(ready);
        } else {
          const slots = Math.max(0, config.maxConcurrent - running);
          for (const c of due.slice(0, slots))
            events.push(upgradeDue(rollout, config.name, c.cluster, w));
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

  if (halted) {
    const haltedEvent = rolloutHalted(rollout, halted, input.snapshots, w, bucket);
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

function upgradeDue(
  rollout: Rollout,
  wave: string,
  cluster: ClusterRef,
  w: WindowMs,
): RolloutEvent {
  const t = iso(w.t);
  return {
    detailType: "Upgrade Due",
    id: hashId(["Upgrade Due", rollout.name, wave, clusterKey(cluster), t]),
    time: t,
    detail: {
      cluster,
      rollout: rollout.name,
      wave,
      targetVersion: rollout.target[cluster.provider] ?? null,
      windowT: t,
    },
  };
}

/**
 * The seam for the chat Approve button (the chat actions issue): the detail names the rollout,
 * the wave and the clusters a press would start first, so the button's handler can hand them to
 * start-upgrade, which re-judges before it starts anything. Nothing remembers the approval: once
 * one upgrade of the wave runs, the wave counts as begun.
 */
function waveReady(
  rollout: Rollout,
  wave: string,
  due: readonly { cluster: ClusterRef }[],
  soakEnds: number | null,
  w: WindowMs,
  bucket: { start: number; first: boolean },
): RolloutEvent | null {
  const onset = soakEnds !== null && inWindow(w, soakEnds) ? soakEnds : null;
  if (onset === null && !bucket.first) return null;
  const config = rollout.waves.find((x) => x.name === wave);
  const first = due.slice(0, config?.maxConcurrent ?? 1).map((c) => c.cluster);
  const key = onset !== null ? `onset:${iso(onset)}` : `bucket:${iso(bucket.start)}`;
  return {
    detailType: "Rollout Wave Ready",
    id: hashId(["Rollout Wave Ready", rollout.name, wave, key]),
    time: iso(w.t),
    detail: {
      rollout: rollout.name,
      wave,
      approval: "chat",
      firstClusters: first,
      trigger:
        onset !== null
          ? { kind: "transition", at: iso(onset) }
          : { kind: "repeat", bucket: iso(bucket.start) },
    },
  };
}

/**
 * Once per repeat bucket while the halt holds, and at once when a failure of this window halts
 * it (the failure's own time keys the id).
 */
function rolloutHalted(
  rollout: Rollout,
  halted: { failed: ClusterRef[]; stalled: ClusterRef[] },
  snapshots: readonly UpgradeSnapshot[],
  w: WindowMs,
  bucket: { start: number; first: boolean },
): RolloutEvent | null {
  const failedKeys = new Set(halted.failed.map(clusterKey));
  const onsets = snapshots
    .filter((s) => failedKeys.has(clusterKey(s.cluster)) && s.upgrade !== null)
    .map((s) => terminalAt(s.upgrade as NonNullable<typeof s.upgrade>)?.at ?? null)
    .filter((at): at is number => at !== null && inWindow(w, at));
  const onset = onsets.length > 0 ? Math.min(...onsets) : null;
  if (onset === null && !bucket.first) return null;
  const key = onset !== null ? `onset:${iso(onset)}` : `bucket:${iso(bucket.start)}`;
  return {
    detailType: "Rollout Halted",
    id: hashId(["Rollout Halted", rollout.name, key]),
    time: iso(w.t),
    detail: {
      rollout: rollout.name,
      severity: "critical",
      failed: halted.failed,
      stalled: halted.stalled,
      trigger:
        onset !== null
          ? { kind: "transition", at: iso(onset) }
          : { kind: "repeat", bucket: iso(bucket.start) },
    },
  };
}
