import type { Rollout } from "../config/rollout.ts";
import type { UpgradeDueDetail } from "../events/rolloutDetails.ts";
import type { ShepherdEvent } from "../events/shepherdEvent.ts";
import { startUpgrade } from "../providers/actions/startUpgrade.ts";
import type { ActionDeps, ActionResult } from "./actionDeps.ts";
import { isRefusal, reportableError } from "./actionError.ts";
import { freshRead, targetAndRead } from "./freshRead.ts";
import { judgeStart } from "./judgeStart.ts";
import { notInInventory, outcomeContext } from "./outcomeContext.ts";
import {
  actionFailed,
  actionSkipped,
  actionSucceeded,
  type OutcomeContext,
} from "./outcomeEvents.ts";
import { precheckGate } from "./precheckGate.ts";

/** API.md: "the status of the cluster does not allow the operation" (shared/client/classify.ts). */
const CCE_STATE_REFUSAL = /^CCE\.0140300[3-9]$/;

export interface StartUpgradeDeps extends ActionDeps {
  /** The config's rollouts as they are now: a rollout changed since the poll starts nothing. */
  rollouts: readonly Rollout[];
}

/**
 * start-upgrade, for one Upgrade Due (issue 19), with the guards of the automatic actions, in
 * order: the cluster is still in the inventory; the rollout still has that wave and still moves
 * this provider to the event's version (the config now, not the poll's); the run's Upgrade Due
 * count is within the cluster's `blastRadiusLimit`; a fresh read shows nothing under way
 * (`judgeStart`); the cloud's own precheck for the target passed and is fresh (`precheckGate`:
 * else it is run, or waited for, or its findings stop the start); a dry run stops before any
 * call that changes the cloud. Then UpgradeCluster. A refusal is settled by
 * one more read: an upgrade to the target that the cloud now shows (an upgrade already running)
 * counts as done, and only a refusal the read cannot explain is an Action Failed. Transient
 * failures throw, for Lambda's retry.
 */
export async function runStartUpgrade(
  due: UpgradeDueDetail,
  deps: StartUpgradeDeps,
): Promise<ActionResult> {
  const start = outcomeContext(due, "upgrade", deps);
  const cluster = deps.cluster;
  if (!cluster) return { events: [actionSkipped(start, "policy", notInInventory(due))] };
  const rollout = deps.rollouts.find((r) => r.name === due.rollout);
  const target = rollout?.target[cluster.ref.provider];
  if (!rollout?.waves.some((w) => w.name === due.wave) || target !== due.targetVersion) {
    const now = target === undefined ? "no version" : `version ${target}`;
    const message = `rollout ${due.rollout} (wave ${due.wave}) now gives ${cluster.ref.provider} ${now}, not ${due.targetVersion}: the config changed since the poll`;
    return { events: [actionSkipped(start, "policy", message)] };
  }
  const limit = cluster.policy.blastRadiusLimit;
  if (due.upgradesDue > limit) {
    const message = `${due.upgradesDue} upgrades are due to start in this run, above the blast-radius limit of ${limit}: none is started`;
    return { events: [actionSkipped(start, "blast-radius", message)] };
  }
  const read = await targetAndRead(start, cluster, deps);
  if ("events" in read) return { events: read.events };
  const { ctx } = read;
  const verdict = judgeStart(due.targetVersion, read.upgrade);
  if (!verdict.act) return { events: [decline(ctx, verdict)] };
  const precheck = await precheckGate(ctx, read.target, deps, cluster.policy.repeat);
  if ("events" in precheck) return precheck;
  const intent = `start the upgrade to ${due.targetVersion} (UpgradeCluster; rollout ${due.rollout}, wave ${due.wave})`;
  if (ctx.dryRun) {
    return {
      events: [actionSkipped(ctx, "dry-run", `dry run: ${precheck.passed}; would ${intent}`)],
    };
  }
  try {
    const done = await startUpgrade(read.target, deps, due.targetVersion);
    const task = done.taskId === null ? "" : `: task ${done.taskId}`;
    return {
      events: [
        actionSucceeded(ctx, {
          alreadyDone: false,
          requestId: done.requestId,
          message: `UpgradeCluster to ${due.targetVersion} accepted${task} (${precheck.passed})`,
        }),
      ],
    };
  } catch (error) {
    if (!isRefusal(error)) return { events: [actionFailed(ctx, reportableError(error))] };
    const after = await freshRead(read.target, deps);
    if ("error" in after) return { events: [actionFailed(ctx, reportableError(error))] };
    const now = { ...ctx, upgrade: after.upgrade };
    const settled = judgeStart(due.targetVersion, after.upgrade);
    const refused = `UpgradeCluster was refused (${error.code ?? `HTTP ${error.status}`}: ${error.providerMessage ?? "no message"})`;
    // CCE lists an upgrade's task only once its upgrade step begins: in its pre-upgrade check the
    // read shows nothing, and the cloud's state refusal is the only sign that one runs.
    if (settled.act && after.upgrade === null && CCE_STATE_REFUSAL.test(error.code ?? "")) {
      return {
        events: [
          actionSucceeded(now, {
            alreadyDone: true,
            requestId: error.requestId ?? null,
            message: `${refused}; the cluster's state refuses a start and the read shows no finished upgrade: one is under way (CCE lists its task once the pre-upgrade check ends)`,
          }),
        ],
      };
    }
    if (settled.act || settled.reason !== "already-done") {
      return { events: [actionFailed(now, reportableError(error))] };
    }
    return {
      events: [
        actionSucceeded(now, {
          alreadyDone: true,
          requestId: error.requestId ?? null,
          message: `${refused}; a fresh read shows it done: ${settled.message}`,
        }),
      ],
    };
  }
}

function decline(
  ctx: OutcomeContext<UpgradeDueDetail>,
  verdict: Exclude<ReturnType<typeof judgeStart>, { act: true }>,
): ShepherdEvent {
  if (verdict.reason === "already-done") {
    return actionSucceeded(ctx, { alreadyDone: true, requestId: null, message: verdict.message });
  }
  return actionSkipped(ctx, verdict.reason, verdict.message);
}
