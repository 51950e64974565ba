import type { Config } from "../config/configSchema.ts";
import type { ResolvedCluster } from "../config/resolveClusters.ts";
import { windowFor } from "../decide/windowFor.ts";
import { windowMs } from "../decide/windowMs.ts";
import type { ApprovalRequestedDetail } from "../events/actionRequestedDetail.ts";
import { outcomeEventId } from "../events/eventId.ts";
import { actionSkippedSeverity, type SkipReason } from "../events/outcomeDetails.ts";
import { type EventOf, ShepherdEventSchema } from "../events/shepherdEvent.ts";
import type { UpgradeSnapshot } from "../model/snapshot.ts";
import { clusterDisplay } from "../notify/view/words.ts";
import { judgeRollout, type RolloutJudgement, type WaveJudgement } from "./judgeRollout.ts";
import { rolloutPolicyOf } from "./judgeRollouts.ts";

/** What an approval publishes: the wave's first Upgrade Due, or one Action Skipped. */
export type ApprovalEvent = EventOf<"Upgrade Due" | "Action Skipped">;

export interface ApprovalInput {
  config: Pick<Config, "rollouts" | "defaults">;
  /** The inventory as a scheduled run has it (listed and discovered clusters). */
  inventory: readonly ResolvedCluster[];
  /** This invocation's reads of the rollout's clusters; a cluster with none is `unread`. */
  snapshots: readonly UpgradeSnapshot[];
  /** The approval's clock: the rollout is judged in the poll window that holds it. */
  now: Date;
}

/**
 * A press of **Approve wave**, judged (pure). The rollout is judged from these reads, in the
 * window of `now` at the schedule's interval and lag, exactly as a scheduled run judges it, with
 * the pressed wave `approved`: if it is the eligible current wave and waits for approval, the
 * result is Upgrade Due for up to `maxConcurrent` of its pending clusters inside their
 * maintenance windows (unread clusters take slots), each carrying `requestedBy`, with ids derived
 * from the request's id. Nothing else of the judgement is published: the scheduled run owns the
 * rollout's news. Otherwise one Action Skipped (a warning: someone pressed) says why: the rollout
 * or wave left the config or no longer waits for approval (`policy`), the wave is complete or has
 * begun (`already-done`), the rollout is halted, another wave is current, the soak is not over
 * (`precondition`), no cluster is in its maintenance window (`outside-window`), or no cluster can
 * start (`state-changed`). The same input gives the same events and ids.
 */
export function judgeApproval(
  requested: ApprovalRequestedDetail,
  input: ApprovalInput,
): ApprovalEvent[] {
  const { config, now } = input;
  const skip = (reason: SkipReason, message: string) => [
    approvalSkipped(requested, reason, message, now),
  ];
  const rollout = config.rollouts.find((r) => r.name === requested.rollout);
  if (!rollout) return skip("policy", `rollout ${requested.rollout} is no longer in the config`);
  const wave = rollout.waves.find((w) => w.name === requested.wave);
  if (!wave) {
    return skip("policy", `rollout ${rollout.name} no longer has a wave ${requested.wave}`);
  }
  if (wave.approval !== "chat") {
    return skip(
      "policy",
      `wave ${wave.name} no longer waits for approval in chat: the scheduled runs start it when it is eligible`,
    );
  }
  const judgement = judgeRollout({
    rollout,
    inventory: input.inventory.map((c) => c.ref),
    snapshots: input.snapshots,
    w: windowMs(windowFor(now, config.defaults.pollInterval, config.defaults.lag)),
    repeatMs: config.defaults.repeat,
    policyOf: rolloutPolicyOf(config, input.inventory),
    approved: { wave: wave.name, requestId: requested.id, requestedBy: requested.requestedBy },
  });
  const due = judgement.events.filter(
    (e): e is EventOf<"Upgrade Due"> =>
      e.detailType === "Upgrade Due" &&
      e.detail.wave === wave.name &&
      e.detail.requestedBy !== undefined,
  );
  if (due.length > 0) return due;
  const judged = judgement.waves.find((w) => w.name === wave.name);
  const [reason, message] = whyNothingStarts(judgement, judged);
  return skip(reason, message);
}

function whyNothingStarts(
  judgement: RolloutJudgement,
  wave: WaveJudgement | undefined,
): [SkipReason, string] {
  if (!wave) return ["policy", "the wave is no longer in the config"];
  const name = `wave ${wave.name}`;
  if (wave.gate === "complete") return ["already-done", `${name} is complete`];
  if (judgement.halted) {
    const { failed, stalled } = judgement.halted;
    const who = [
      failed.length > 0 ? `failed: ${failed.map(clusterDisplay).join(", ")}` : null,
      stalled.length > 0 ? `stalled: ${stalled.map(clusterDisplay).join(", ")}` : null,
    ].filter(Boolean);
    return [
      "precondition",
      `rollout ${judgement.rollout} is halted (${who.join("; ")}): nothing starts until those clusters are done or leave the rollout`,
    ];
  }
  switch (wave.gate) {
    case "waiting":
      return [
        "precondition",
        `${name} is not the current wave: wave ${judgement.currentWave} is not complete yet`,
      ];
    case "soaking":
      return [
        "precondition",
        `${name} waits for the previous wave's soak, until ${wave.soakEndsAt}`,
      ];
    case "completion-time-unknown":
      return [
        "precondition",
        `the previous wave's completion time is unknown (the cloud keeps no success time), so its soak cannot be measured`,
      ];
    case "outside-maintenance-window":
      return [
        "outside-window",
        `no pending cluster of ${name} is inside its maintenance window now`,
      ];
    default:
      break;
  }
  if (!wave.awaitingApproval) {
    return [
      "already-done",
      `${name} has begun (${wave.running} upgrading): the scheduled runs start the rest`,
    ];
  }
  const unread = wave.clusters.filter((c) => c.state === "unread").length;
  return [
    "state-changed",
    unread > 0
      ? `no cluster of ${name} can start now: ${unread} could not be read and take its maxConcurrent slots`
      : `${name} has no pending cluster to start`,
  ];
}

/** The one outcome of an approval that starts nothing: about the wave, always a warning. */
export function approvalSkipped(
  requested: ApprovalRequestedDetail,
  reason: SkipReason,
  message: string,
  now: Date,
): EventOf<"Action Skipped"> {
  return ShepherdEventSchema.parse({
    detailType: "Action Skipped",
    time: now.toISOString(),
    detail: {
      id: outcomeEventId(requested.id, "Action Skipped"),
      severity: actionSkippedSeverity(reason, true),
      window: requested.window,
      dueEventId: requested.id,
      dryRun: false,
      requestedBy: requested.requestedBy,
      action: "approve",
      rollout: requested.rollout,
      wave: requested.wave,
      reason,
      message,
    },
  }) as EventOf<"Action Skipped">;
}
