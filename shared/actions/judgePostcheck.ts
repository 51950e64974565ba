import { postcheckRecorded } from "../decide/upgradeTimes.ts";
import type { Step, Upgrade } from "../model/snapshot.ts";
import { describeUpgrade, otherUpgrade, type Verdict } from "./verdict.ts";

export type PostcheckVerdict = Verdict | { act: false; recorded: Step };

/**
 * Check only the upgrade the due event named, only while it is still a success. A PostCheck
 * step with a status means one was run already (by us on an earlier attempt, or from the
 * console): its result is reported and no second one is submitted.
 */
export function judgePostcheck(due: Upgrade, current: Upgrade | null): PostcheckVerdict {
  if (current === null || current.id !== due.id) return otherUpgrade(due, current);
  if (current.phase !== "succeeded") {
    return {
      act: false,
      reason: "state-changed",
      message: `the upgrade is no longer a success: ${describeUpgrade(current)}`,
    };
  }
  if (postcheckRecorded(current)) {
    const step = current.steps.find((s) => s.name.toLowerCase() === "postcheck" && s.status);
    if (step) return { act: false, recorded: step };
  }
  return { act: true, upgrade: current };
}
