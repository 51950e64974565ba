import { cancellable } from "../decide/upgradeTimes.ts";
import type { Upgrade } from "../model/snapshot.ts";
import { describeUpgrade, otherUpgrade, type Verdict } from "./verdict.ts";

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
  if (!cancellable(current)) {
    return {
      act: false,
      reason: "precondition",
      message: `the documented cancel preconditions do not hold: ${describeUpgrade(current)}`,
    };
  }
  return { act: true, upgrade: current };
}
