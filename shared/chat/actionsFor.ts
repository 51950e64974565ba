import { cancellable, postcheckRecorded } from "../decide/upgradeTimes.ts";
import type { PressAction } from "../events/outcomeDetails.ts";
import type { ShepherdEvent } from "../events/shepherdEvent.ts";

/** The messages that may carry buttons: the upgrade's own news, and an automatic action's outcome. */
const WITH_BUTTONS = new Set<ShepherdEvent["detailType"]>([
  "Upgrade Paused",
  "Upgrade Stalled",
  "Upgrade Succeeded",
  "Upgrade Failed",
  "Action Skipped",
  "Action Failed",
  "Rollout Wave Ready",
]);

/**
 * The actions that make sense for the upgrade an event shows, judged on the event alone:
 * **Resume now** while it is paused (not on Autopilot, which documents no continue operation),
 * **Cancel** while it is failed and the documented cancel preconditions hold (`cancellable`, the
 * poller's own rule: a failed ACK upgrade is over), **Run postcheck** when it succeeded and no
 * PostCheck step is recorded, and **Approve wave** on Rollout Wave Ready when the run found a
 * cluster to start first. The press is judged again on a fresh read; this only decides what to
 * offer. Requests and their outcomes carry none: the person who pressed is already answered.
 */
export function actionsFor(event: ShepherdEvent): PressAction[] {
  if (!WITH_BUTTONS.has(event.detailType)) return [];
  if (event.detailType === "Rollout Wave Ready") {
    return event.detail.firstClusters.length > 0 ? ["approve"] : [];
  }
  if (
    (event.detailType === "Action Skipped" || event.detailType === "Action Failed") &&
    event.detail.requestedBy !== undefined
  ) {
    return [];
  }
  const detail = event.detail as { upgrade?: unknown; cluster?: { provider?: string } };
  const upgrade = "upgrade" in event.detail ? event.detail.upgrade : null;
  if (!upgrade || !detail.cluster) return [];
  switch (upgrade.phase) {
    case "paused":
      return detail.cluster.provider === "cce-autopilot" ? [] : ["resume"];
    case "failed":
      return cancellable(upgrade) ? ["cancel"] : [];
    case "succeeded":
      return postcheckRecorded(upgrade) || upgrade.id.startsWith("legacy:") ? [] : ["postcheck"];
    default:
      return [];
  }
}
