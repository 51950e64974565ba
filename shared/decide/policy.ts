import type { Policy } from "../config/policy.ts";
import type { PollSettings } from "../config/pollSettings.ts";

/**
 * What decide reads of one cluster's policy, in the config's own names and units (durations in
 * milliseconds), plus the deployment-wide `postcheckHorizon`. The planner passes the config's
 * policy as it is; decide never reads config itself, so it stays a pure function of (snapshot,
 * window, policy). `pollInterval` and `lag` place the cluster's window (`windowFor`); decide
 * itself reads both from the window it is given, because a retried run carries its original
 * window and must judge exactly as the original did. (A type-only import of config: the names
 * are config's, and one list of them is the point.)
 */
export type DecidePolicy = Pick<
  Policy,
  | "pollInterval"
  | "lag"
  | "stallAfter"
  | "repeat"
  | "onFailure"
  | "onPause"
  | "postcheck"
  | "dryRun"
> &
  Pick<PollSettings, "postcheckHorizon">;

/**
 * `stallAfter: auto` falls back to this much silence for a cluster with fewer than 3 finished
 * upgrades of its own to judge it by (docs/status-page.md).
 */
export const AUTO_STALL_FALLBACK_MS = 3 * 3_600_000;

/** The silence after which an active upgrade is stalled: the policy's, or auto's fallback. */
export const stallSilenceMs = (policy: Pick<DecidePolicy, "stallAfter">): number =>
  policy.stallAfter === "auto" ? AUTO_STALL_FALLBACK_MS : policy.stallAfter;
