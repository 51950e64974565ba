import { isInMaintenanceWindow } from "../config/isInMaintenanceWindow.ts";
import type { MaintenanceWindow } from "../config/maintenanceWindow.ts";
import { expectationFor, fleetSamples } from "../eta/expectation.ts";
import type { ResumeDueDetail } from "../events/dueDetails.ts";
import { ackUpgradeAction } from "../providers/actions/ackUpgradeAction.ts";
import { continueCceUpgrade } from "../providers/actions/continueCceUpgrade.ts";
import { ackCallMessage, ackTaskId } from "./ackTaskId.ts";
import type { ActionDeps, ActionResult } from "./actionDeps.ts";
import { type ActionPlan, carryOut } from "./carryOut.ts";
import { judgeResume } from "./judgeResume.ts";
import { notInInventory, outcomeContext } from "./outcomeContext.ts";
import { actionSkipped } from "./outcomeEvents.ts";
import { policyGate } from "./policyGate.ts";

/**
 * resume-upgrade, for one Resume Due. Resuming is opt-in (`resume-in-window` in both the policy
 * the poll saw and the config now) and runs only inside the cluster's maintenance window, judged
 * at the action's own clock. The routine skips come before any read, so a level trigger that
 * fires every run outside the window costs no API call. Autopilot documents no continue
 * operation, so none is invented. A press (`deps.press`) needs no `resume-in-window` policy,
 * and may pass the window only where its receiver allows it, which every message then says.
 */
export async function runResume(due: ResumeDueDetail, deps: ActionDeps): Promise<ActionResult> {
  const ctx = outcomeContext(due, "resume", deps);
  const cluster = deps.cluster;
  if (!cluster) return { events: [actionSkipped(ctx, "policy", notInInventory(due))] };
  if (cluster.ref.provider === "cce-autopilot") {
    return {
      events: [
        actionSkipped(
          ctx,
          "unsupported",
          "CCE Autopilot documents no API to continue a paused upgrade; resume it from the console",
        ),
      ],
    };
  }
  const refused = policyGate(ctx, "onPause", {
    saw: due.policy,
    now: cluster.policy,
    press: deps.press,
  });
  if (refused) return { events: [refused] };
  const windows = cluster.policy.maintenanceWindows;
  let note = "";
  if (!isInMaintenanceWindow(windows, ctx.at)) {
    const outside = `${ctx.at.toISOString()} is outside the maintenance window (${describeWindows(windows)})`;
    if (!deps.press?.overrideWindow) {
      const hint = deps.press
        ? `; receiver ${deps.press.requestedBy.receiver} does not allow a resume outside it (actions.overrideWindow)`
        : "";
      return { events: [actionSkipped(ctx, "outside-window", `${outside}${hint}`)] };
    }
    note = `${outside}, overridden by the press: receiver ${deps.press.requestedBy.receiver} allows it (actions.overrideWindow); `;
  }
  return { events: await carryOut(ctx, cluster, deps, resumePlan(deps, note)) };
}

/** `note` starts every message of the outcome: a window override is said, never silent. */
const resumePlan = (deps: ActionDeps, note: string): ActionPlan => ({
  judge: judgeResume,
  // Resumed, the upgrade runs again: its ETA from the cluster's own past upgrades in the fresh
  // read (one cluster, so no fleet to fall back on), judged as running at the action's time.
  etaAfter: (snapshot, upgrade, at) =>
    expectationFor(
      { ...snapshot, upgrade: { ...upgrade, phase: "running" } },
      fleetSamples([]),
      at.getTime(),
    ).eta,
  intent: (target, upgrade) => {
    if (target.cluster.provider !== "ack")
      return `${note}continue the upgrade (ContinueUpgradeClusterTask)`;
    const task = ackTaskId(upgrade);
    return task === null
      ? `${note}resume the cluster's upgrade (legacy ResumeUpgradeCluster)`
      : `${note}resume upgrade task ${task} (ResumeTask)`;
  },
  call: async (target, upgrade) => {
    if (target.cluster.provider !== "ack") {
      const done = await continueCceUpgrade(target, deps);
      return { requestId: done.requestId, message: `${note}ContinueUpgradeClusterTask accepted` };
    }
    const done = await ackUpgradeAction(target, deps, "resume", ackTaskId(upgrade));
    return {
      requestId: done.requestId,
      message: `${note}${ackCallMessage(done.operation, done.legacy, upgrade)}`,
    };
  },
});

/** Windows in the words a config author used, for skip messages: `sat 22:00-02:00 Asia/Shanghai`. */
const describeWindows = (windows: readonly MaintenanceWindow[]): string =>
  windows.length === 0
    ? "no maintenance window is configured"
    : windows.map((w) => `${w.days.join(",")} ${w.start}-${w.end} ${w.timeZone}`).join("; ");
