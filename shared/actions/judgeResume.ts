import type { Phase, Upgrade } from "../model/snapshot.ts";
import { describeUpgrade, otherUpgrade, type Verdict } from "./verdict.ts";

/** Phases an upgrade reaches only once it has been resumed: the resume's goal. */
const RESUMED: readonly Phase[] = ["pending", "prechecking", "running", "succeeded"];

/** Resume only the upgrade the due event named, and only while it is still paused. */
export function judgeResume(due: Upgrade, current: Upgrade | null): Verdict {
  if (current === null || current.id !== due.id) return otherUpgrade(due, current);
  if (current.phase === "paused") return { act: true, upgrade: current };
  if (RESUMED.includes(current.phase)) {
    return {
      act: false,
      reason: "already-done",
      message: `the upgrade is no longer paused: ${describeUpgrade(current)}`,
    };
  }
  return {
    act: false,
    reason: "state-changed",
    message: `the upgrade ended while paused: ${describeUpgrade(current)}`,
  };
}
