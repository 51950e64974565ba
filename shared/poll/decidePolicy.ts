import type { Policy } from "../config/policy.ts";
import type { PollSettings } from "../config/pollSettings.ts";
import type { DecidePolicy } from "../decide/policy.ts";

/** `stallAfter: auto` falls back to this much silence for a cluster with fewer than 3 finished upgrades of its own to judge it by. */
export const AUTO_STALL_FALLBACK_MS = 3 * 3_600_000;

/** Config speaks in operators' words; decide in its own. This is the one mapping between them. */
export const toDecidePolicy = (policy: Policy, settings: PollSettings): DecidePolicy => ({
  intervalMs: policy.pollInterval,
  lagMs: policy.lag,
  stallThresholdMs: policy.stallAfter === "auto" ? AUTO_STALL_FALLBACK_MS : policy.stallAfter,
  stallAuto: policy.stallAfter === "auto",
  repeatMs: policy.repeat,
  postcheckHorizonMs: settings.postcheckHorizon,
  postcheckEnabled: policy.postcheck,
  cancel: policy.onFailure,
  resume: policy.onPause,
  dryRun: policy.dryRun,
});
