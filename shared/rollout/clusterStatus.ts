import coerce from "semver/functions/coerce.js";
import gte from "semver/functions/gte.js";
import { lastActivityAt, terminalAt } from "../decide/upgradeTimes.ts";
import { ACTIVE_PHASES, type UpgradeSnapshot } from "../model/snapshot.ts";

/**
 * Where one cluster of a rollout stands, judged from its last read alone:
 * - `done`: its last upgrade went to the target version and succeeded, and no PostCheck step
 *   reports a failure;
 * - `upgrading`: an upgrade is pending, prechecking, running, paused or in a state no source
 *   documents (counted against `maxConcurrent`, never started again);
 * - `failed`: its last upgrade failed (any version), or an upgrade to the target was cancelled
 *   or its postcheck failed: a person has to look, so it halts the rollout;
 * - `stalled`: active with no sign of life for `stallAfter`, as the poller judges stalls;
 * - `pending`: nothing to the target yet (never upgraded, or its last upgrade went elsewhere);
 *   but `done` (`preexisting`) when it has no upgrade on record and runs the target or a later
 *   version (`clusterVersion`, read for such clusters of the current wave only);
 * - `unread`: no snapshot this run (the read failed): never started, never complete.
 */
export type ClusterState = "done" | "upgrading" | "failed" | "stalled" | "pending" | "unread";

export interface ClusterStatus {
  state: ClusterState;
  /** Epoch ms of the success, for `done`; null when the cloud keeps no time for it. */
  succeededAt: number | null;
  /** `done` with no upgrade on record: it ran the target before the rollout saw it. */
  preexisting?: true;
}

/**
 * ASSUMPTION (no source settles it): a target matches the upgrade's `toVersion` when they are
 * equal after dropping a leading `v`, or when `toVersion` continues the target with `.` or `-`
 * (CCE target `v1.31` matches a task to `v1.31.4-r0`).
 */
export function versionMatches(target: string, toVersion: string | null): boolean {
  if (toVersion === null) return false;
  const t = target.replace(/^v/i, "").toLowerCase();
  const v = toVersion.replace(/^v/i, "").toLowerCase();
  return v === t || v.startsWith(`${t}.`) || v.startsWith(`${t}-`);
}

/**
 * Whether a cluster running `version` needs no upgrade to `target`: the versions match
 * (`versionMatches`), or, compared as semver after `semver.coerce` (which reads `v1.31.2-r0` as
 * 1.31.2 and `1.31.1-aliyun.1` as 1.31.1), it is at or past the target. A version semver cannot
 * read at all needs the upgrade (the cloud refuses the start if not: start-upgrade settles it).
 */
export function runsTargetOrLater(target: string, version: string): boolean {
  if (versionMatches(target, version)) return true;
  const have = coerce(version);
  const want = coerce(target);
  return have !== null && want !== null && gte(have, want);
}

const POSTCHECK_FAILED = ["failed", "fail", "error"];

export function clusterStatus(
  snapshot: UpgradeSnapshot | undefined,
  target: string,
  stallAfterMs: number,
  windowEnd: number,
): ClusterStatus {
  if (!snapshot) return { state: "unread", succeededAt: null };
  const u = snapshot.upgrade;
  if (u === null) {
    const version = snapshot.clusterVersion;
    return version !== undefined && runsTargetOrLater(target, version)
      ? { state: "done", succeededAt: null, preexisting: true }
      : { state: "pending", succeededAt: null };
  }
  const toTarget = versionMatches(target, u.toVersion);
  if (ACTIVE_PHASES.includes(u.phase)) {
    const last = lastActivityAt(u);
    const stalled = last !== null && last + stallAfterMs <= windowEnd;
    return { state: stalled ? "stalled" : "upgrading", succeededAt: null };
  }
  if (u.phase === "paused" || u.phase === "unknown")
    return { state: "upgrading", succeededAt: null };
  if (u.phase === "failed") return { state: "failed", succeededAt: null };
  if (!toTarget) return { state: "pending", succeededAt: null };
  if (u.phase === "cancelled") return { state: "failed", succeededAt: null };
  const postcheckFailed = u.steps.some(
    (s) =>
      s.name.toLowerCase() === "postcheck" &&
      POSTCHECK_FAILED.includes((s.status ?? "").toLowerCase()),
  );
  if (postcheckFailed) return { state: "failed", succeededAt: null };
  return { state: "done", succeededAt: terminalAt(u)?.at ?? null };
}
