import type { CancelDueDetail } from "../events/dueDetails.ts";
import type { Upgrade } from "../model/snapshot.ts";
import { ackUpgradeAction } from "../providers/actions/ackUpgradeAction.ts";
import { cancelCceWorkflow } from "../providers/actions/cancelCceWorkflow.ts";
import { ackCallMessage, ackTaskId } from "./ackTaskId.ts";
import type { ActionDeps, ActionResult } from "./actionDeps.ts";
import { type ActionPlan, carryOut } from "./carryOut.ts";
import { ActionInputError } from "./errors.ts";
import { judgeCancel } from "./judgeCancel.ts";
import { notInInventory, outcomeContext } from "./outcomeContext.ts";
import { actionSkipped, autoActionsSuspended } from "./outcomeEvents.ts";

/**
 * cancel-on-failure, for one Cancel Due. Cancelling is destructive and opt-in: both the policy
 * the poll saw and the config now must say `cancel`. Above the run's blast-radius limit no
 * cluster is cancelled and nothing is even read; every invocation of the run raises the same
 * Auto Actions Suspended (one id), next to its own Action Skipped, so the skips list the
 * clusters that the suspension covers. A press (`deps.press`) is a person's consent in place of
 * the `cancel` policy and counts as one cluster against the limit; being no run, it raises no
 * Auto Actions Suspended.
 */
export async function runCancel(due: CancelDueDetail, deps: ActionDeps): Promise<ActionResult> {
  const ctx = outcomeContext(due, "cancel", deps);
  const cluster = deps.cluster;
  if (!cluster) return { events: [actionSkipped(ctx, "policy", notInInventory(due))] };
  const policy = cluster.policy.onFailure;
  if (!deps.press && (due.policy.cancel !== "cancel" || policy !== "cancel")) {
    return {
      events: [
        actionSkipped(
          ctx,
          "policy",
          `onFailure is ${policy} (the poll saw ${due.policy.cancel}); a cancel needs "cancel" in both`,
        ),
      ],
    };
  }
  const limit = cluster.policy.blastRadiusLimit;
  if (deps.press && due.clustersDueForCancel > limit) {
    const message = `a press cancels ${due.clustersDueForCancel} cluster, above the blast-radius limit of ${limit}: nothing is cancelled`;
    return { events: [actionSkipped(ctx, "blast-radius", message)] };
  }
  if (due.clustersDueForCancel > limit) {
    const where = due.shard ? ` in shard ${due.shard.index + 1} of ${due.shard.count}` : "";
    const message = `${due.clustersDueForCancel} clusters are due for cancel in this run${where}, above the blast-radius limit of ${limit}: none is cancelled`;
    return {
      events: [actionSkipped(ctx, "blast-radius", message), autoActionsSuspended(due, limit)],
    };
  }
  return { events: await carryOut(ctx, cluster, deps, cancelPlan(deps)) };
}

const cancelPlan = (deps: ActionDeps): ActionPlan => ({
  judge: judgeCancel,
  intent: (target, upgrade) =>
    target.cluster.provider === "ack"
      ? ackIntent(upgrade)
      : `cancel upgrade workflow ${workflowOf(upgrade)} (UpgradeWorkFlowUpdate, phase Cancel)`,
  call: async (target, upgrade) => {
    if (target.cluster.provider !== "ack") {
      const workflowId = workflowOf(upgrade);
      const done = await cancelCceWorkflow(target, deps, workflowId);
      return {
        requestId: done.requestId,
        message: `UpgradeWorkFlowUpdate accepted: workflow ${workflowId} is ${done.workflowPhase ?? "updated"}`,
      };
    }
    const done = await ackUpgradeAction(target, deps, "cancel", ackTaskId(upgrade));
    return {
      requestId: done.requestId,
      message: ackCallMessage(done.operation, done.legacy, upgrade),
    };
  },
});

/** `cancellable` requires the joined workflow, so a missing one here is a broken invariant. */
function workflowOf(upgrade: Upgrade): string {
  if (upgrade.workflowId === null) {
    throw new ActionInputError(`upgrade ${upgrade.id} has no workflow to cancel`);
  }
  return upgrade.workflowId;
}

const ackIntent = (upgrade: Upgrade): string => {
  const task = ackTaskId(upgrade);
  return task === null
    ? "cancel the cluster's upgrade (legacy CancelClusterUpgrade)"
    : `cancel upgrade task ${task} (CancelTask)`;
};
