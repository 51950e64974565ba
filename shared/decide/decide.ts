import type { Expectation } from "../eta/expectation.ts";
import { catalogueEntry } from "../events/catalogue.ts";
import type { DetailType } from "../events/detailType.ts";
import type { ShepherdEvent } from "../events/shepherdEvent.ts";
import type { Trigger } from "../events/trigger.ts";
import type { Window } from "../events/window.ts";
import type { Upgrade, UpgradeSnapshot } from "../model/snapshot.ts";
import { clusterBase } from "./clusterBase.ts";
import { cancelDueSince, postcheckDueSince, resumeDue } from "./dueRules.ts";
import { bucketKey, levelKey, transitionKey } from "./idKeys.ts";
import type { DecidePolicy } from "./policy.ts";
import { readDegraded } from "./readDegraded.ts";
import { type RepeatBucket, repeatBucket } from "./repeatBucket.ts";
import {
  ACTIVE_PHASES,
  type DatedTransition,
  lastActivityAt,
  pausedAt,
  startedAt,
  terminalAt,
} from "./upgradeTimes.ts";
import { inWindow, type WindowMs, windowMs } from "./windowMs.ts";

/** Everything one cluster's judgement in one run reads. */
interface Run {
  snapshot: UpgradeSnapshot;
  upgrade: Upgrade;
  window: Window;
  w: WindowMs;
  bucket: RepeatBucket;
  policy: DecidePolicy;
  expectation: Expectation | undefined;
}

type TransitionTrigger = Extract<Trigger, { kind: "transition" }>;

const iso = (ms: number): string => new Date(ms).toISOString();

/**
 * All of the poller's judgement for one cluster in one run, with no memory of earlier runs:
 * edges are announced in the run whose window holds their own timestamp, repeats in the first
 * run of each repeat bucket, and level events in every run while they hold. The same snapshot
 * and window always give the same events with the same ids, which is what makes a retried
 * invocation safe. The rules, one by one: docs/events.md. What spans clusters (the blast-radius
 * count a Cancel Due carries, the shard, failed reads) is `judgeRun`'s. `expectation` (the ETA
 * and the `stallAfter: auto` onset, from the cluster's and the fleet's history) is computed
 * before decide, at the window's end, so decide stays a function of what it is given.
 */
export function decide(
  snapshot: UpgradeSnapshot,
  window: Window,
  policy: DecidePolicy,
  expectation?: Expectation,
): ShepherdEvent[] {
  const upgrade = snapshot.upgrade;
  if (upgrade === null) return readDegraded({ snapshot, window, policy });
  const w = windowMs(window);
  const run: Run = {
    snapshot,
    upgrade,
    window,
    w,
    bucket: repeatBucket(w, policy.repeatMs),
    policy,
    expectation,
  };
  return [
    started(run),
    paused(run),
    stalled(run),
    terminal(run),
    postcheckDue(run),
    cancelDue(run),
    resumeDueEvent(run),
    ...readDegraded(run),
  ].filter((e): e is ShepherdEvent => e !== null);
}

function started(run: Run): ShepherdEvent | null {
  const at = startedAt(run.upgrade);
  const event = (trigger: Trigger): ShepherdEvent => {
    const eta = run.expectation?.eta;
    return {
      detailType: "Upgrade Started",
      time: run.window.t,
      detail: {
        ...base(run, "Upgrade Started", keyOf(trigger)),
        trigger,
        ...(eta ? { eta } : {}),
      },
    };
  };
  if (at !== null) return inWindow(run.w, at.at) ? event(transition(at)) : null;
  const active = ACTIVE_PHASES.includes(run.upgrade.phase);
  return active && run.bucket.first ? event(repeat(run)) : null;
}

/**
 * A pause is announced when its `updatedAt` hint falls in the window, and re-announced in the
 * first run of each repeat bucket while it lasts, which also covers a pause whose hint never
 * moved (or that has no time at all). A hint newer than the window's end waits for the next run.
 */
function paused(run: Run): ShepherdEvent | null {
  if (run.upgrade.phase !== "paused") return null;
  const at = pausedAt(run.upgrade);
  if (at !== null && inWindow(run.w, at.at)) return edge(run, "Upgrade Paused", transition(at));
  const settled = at === null || at.at <= run.w.start;
  return settled && run.bucket.first ? edge(run, "Upgrade Paused", repeat(run)) : null;
}

/**
 * Stateless stall detection: an active (pending, prechecking, running) upgrade is stalled once
 * its newest timestamp (`lastActivityAt`) is at least the threshold older than the window's
 * end. The onset, `lastActivityAt + threshold`, is a derived timestamp that cannot move while
 * the stall lasts, so it is announced as an edge in the run whose window holds it, and again in
 * the first run of each later repeat bucket while the stall holds. Any newer timestamp ends it.
 *
 * With `stallAuto` and an expectation to judge by, the onset is instead the current step's start
 * (or the upgrade's creation) plus twice its usual duration, at least the floor
 * (`expectedStall`): it cannot move while the upgrade stays in that step, so it is announced the
 * same way, and the next step starts a new judgement.
 */
function stalled(run: Run): ShepherdEvent | null {
  if (!ACTIVE_PHASES.includes(run.upgrade.phase)) return null;
  const last = lastActivityAt(run.upgrade);
  if (last === null) return null;
  const usual = run.policy.stallAuto ? (run.expectation?.stall ?? null) : null;
  const onset = usual ? usual.onset : last + run.policy.stallThresholdMs;
  if (onset > run.w.end) return null;
  const trigger = inWindow(run.w, onset)
    ? transition({ at: onset, from: "stallOnset" })
    : run.bucket.first
      ? repeat(run)
      : null;
  if (trigger === null) return null;
  return {
    detailType: "Upgrade Stalled",
    time: run.window.t,
    detail: {
      ...base(run, "Upgrade Stalled", keyOf(trigger)),
      trigger,
      stall: {
        lastActivityAt: iso(last),
        thresholdMs: usual ? Math.round(usual.thresholdMs) : run.policy.stallThresholdMs,
        stalledForMs: Math.max(0, run.w.end - last),
        ...(usual
          ? {
              judgedBy: "usual" as const,
              step: usual.step,
              runningForMs: Math.max(0, run.w.end - usual.since),
              usualMs: Math.round(usual.usualMs),
            }
          : run.policy.stallAuto
            ? { judgedBy: "silence" as const }
            : {}),
      },
      ...(run.expectation?.eta ? { eta: run.expectation.eta } : {}),
    },
  };
}

/**
 * Terminal phases are announced from their own time. A failure with no time at all repeats per
 * bucket (a standing failure matters); a success or cancellation with no time is not announced,
 * because it cannot be told from last month's (DESIGN.md, legacy GetUpgradeStatus).
 */
function terminal(run: Run): ShepherdEvent | null {
  const { phase } = run.upgrade;
  const at = terminalAt(run.upgrade);
  if (at === null) {
    return phase === "failed" && run.bucket.first ? edge(run, "Upgrade Failed", repeat(run)) : null;
  }
  if (!inWindow(run.w, at.at)) return null;
  const trigger = transition(at);
  const detail = (detailType: DetailType) => ({
    ...base(run, detailType, keyOf(trigger)),
    trigger,
  });
  const time = run.window.t;
  if (phase === "succeeded") {
    return { detailType: "Upgrade Succeeded", time, detail: detail("Upgrade Succeeded") };
  }
  if (phase === "failed") {
    return { detailType: "Upgrade Failed", time, detail: detail("Upgrade Failed") };
  }
  return { detailType: "Upgrade Cancelled", time, detail: detail("Upgrade Cancelled") };
}

function postcheckDue(run: Run): ShepherdEvent | null {
  const since = postcheckDueSince(run.upgrade, run.w, run.policy);
  if (since === null) return null;
  return {
    detailType: "Postcheck Due",
    time: run.window.t,
    detail: {
      ...base(run, "Postcheck Due", levelKey(run.w.t)),
      upgrade: run.upgrade,
      succeededAt: iso(since),
      horizonMs: run.policy.postcheckHorizonMs,
      policy: { postcheck: run.policy.postcheckEnabled, dryRun: run.policy.dryRun },
    },
  };
}

/**
 * Counts this cluster alone, in no shard: `judgeRun` stamps the run's count and shard on every
 * Cancel Due of the run.
 */
function cancelDue(run: Run): ShepherdEvent | null {
  const since = cancelDueSince(run.upgrade, run.w);
  if (since === null) return null;
  return {
    detailType: "Cancel Due",
    time: run.window.t,
    detail: {
      ...base(run, "Cancel Due", levelKey(run.w.t)),
      upgrade: run.upgrade,
      failedAt: iso(since),
      clustersDueForCancel: 1,
      shard: null,
      policy: { cancel: run.policy.cancel, dryRun: run.policy.dryRun },
    },
  };
}

function resumeDueEvent(run: Run): ShepherdEvent | null {
  const due = resumeDue(run.upgrade, run.w, run.snapshot.cluster.provider);
  if (due === null) return null;
  return {
    detailType: "Resume Due",
    time: run.window.t,
    detail: {
      ...base(run, "Resume Due", levelKey(run.w.t)),
      upgrade: run.upgrade,
      pausedSince: due.pausedSince === null ? null : iso(due.pausedSince),
      policy: { resume: run.policy.resume, dryRun: run.policy.dryRun },
    },
  };
}

function edge(
  run: Run,
  detailType: "Upgrade Started" | "Upgrade Paused" | "Upgrade Failed",
  trigger: Trigger,
): ShepherdEvent {
  return {
    detailType,
    time: run.window.t,
    detail: { ...base(run, detailType, keyOf(trigger)), trigger },
  };
}

function base(run: Run, detailType: DetailType, key: readonly string[]) {
  return clusterBase({
    cluster: run.snapshot.cluster,
    upgrade: run.upgrade,
    upgradeId: run.upgrade.id,
    window: run.window,
    detailType,
    severity: catalogueEntry(detailType).severity,
    key,
  });
}

const transition = (d: DatedTransition): TransitionTrigger => ({
  kind: "transition",
  at: iso(d.at),
  from: d.from,
});

const repeat = (run: Run): Trigger => ({
  kind: "repeat",
  bucketStart: iso(run.bucket.start),
  repeatMs: run.policy.repeatMs,
});

function keyOf(trigger: Trigger): string[] {
  return trigger.kind === "transition"
    ? transitionKey(Date.parse(trigger.at))
    : bucketKey(Date.parse(trigger.bucketStart));
}
