import type { Upgrade } from "../model/snapshot.ts";
import { versionMatches } from "../rollout/clusterStatus.ts";
import { describeUpgrade } from "./verdict.ts";

/** What a fresh read says about starting an upgrade to `target` now. */
export type StartVerdict =
  | { act: true }
  | { act: false; reason: "already-done" | "state-changed" | "precondition"; message: string };

const ACTIVE: readonly Upgrade["phase"][] = [
  "pending",
  "prechecking",
  "running",
  "paused",
  "unknown",
];

/**
 * Start only a cluster with nothing under way: an upgrade to the target that runs or succeeded
 * is done (whoever started it: a concurrent delivery, a person); an upgrade to another version
 * still running, or a last upgrade that failed, is left to a person (the rollout judge halts on
 * the failure too). Judged on the fresh read alone, with the rollout judge's version rule.
 */
export function judgeStart(target: string, current: Upgrade | null): StartVerdict {
  if (current === null) return { act: true };
  const toTarget = versionMatches(target, current.toVersion);
  if (ACTIVE.includes(current.phase)) {
    return toTarget
      ? {
          act: false,
          reason: "already-done",
          message: `an upgrade to ${current.toVersion} is already under way (${describeUpgrade(current)})`,
        }
      : {
          act: false,
          reason: "state-changed",
          message: `another upgrade, to ${current.toVersion ?? "an unknown version"}, is under way (${describeUpgrade(current)})`,
        };
  }
  if (current.phase === "succeeded" && toTarget) {
    return {
      act: false,
      reason: "already-done",
      message: `the cluster's upgrade ${current.id} to ${current.toVersion} succeeded`,
    };
  }
  if (current.phase === "failed") {
    return {
      act: false,
      reason: "precondition",
      message: `the cluster's last upgrade ${current.id} failed: retry or roll it back before a new start`,
    };
  }
  return { act: true };
}
