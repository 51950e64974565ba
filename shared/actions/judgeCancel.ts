import { cancellable } from "../decide/upgradeTimes.ts";
import type { Upgrade } from "../model/snapshot.ts";
import { describeUpgrade, otherUpgrade, type Verdict } from "./verdict.ts";

/**
 * Why a failed ACK upgrade is never cancelled (the poller never sends Cancel Due for one; a
 * replayed or hand-made one is refused here): API.md, CancelTask.
 */
export const ACK_FAILED_IS_OVER =
  "a failed ACK upgrade is over: CancelTask cancels a running task and no source shows it accepting a failed one; retry the upgrade or roll forward";

/**
 * Cancel only the upgrade the due event named, only while it is still failed, and only while
 * the cloud's documented preconditions allow it (the same `cancellable` rule the poller used).
 * A cancel someone else already made is done, not an error.
 */
export function judgeCancel(due: Upgrade, current: Upgrade | null): Verdict {
  if (current === null || current.id !== due.id) return otherUpgrade(due, current);
  if (current.phase === "cancelled") {
    return { act: false, reason: "already-done", message: "the upgrade is already cancelled" };
  }
  if (current.phase !== "failed") {
    return {
      act: false,
      reason: "state-changed",
      message: `the upgrade is no longer failed: ${describeUpgrade(current)}`,
    };
  }
  if (current.source === "ack-task" || current.source === "ack-upgrade-status") {
    return { act: false, reason: "precondition", message: ACK_FAILED_IS_OVER };
  }
  if (!cancellable(current)) {
    return {
      act: false,
      reason: "precondition",
      message: `the documented cancel preconditions do not hold: ${describeUpgrade(current)}`,
    };
  }
  return { act: true, upgrade: current };
}
