import type { Policy } from "../config/policy.ts";
import type { PollSettings } from "../config/pollSettings.ts";
import type { DecidePolicy } from "../decide/policy.ts";

/** Config speaks in operators' words; decide in its own. This is the one mapping between them. */
export const toDecidePolicy = (policy: Policy, settings: PollSettings): DecidePolicy => ({
  intervalMs: policy.pollInterval,
  lagMs: policy.lag,
  stallThresholdMs: policy.stallAfter,
  repeatMs: policy.repeat,
  postcheckHorizonMs: settings.postcheckHorizon,
  postcheckEnabled: policy.postcheck,
  cancel: policy.onFailure,
  resume: policy.onPause,
  dryRun: policy.dryRun,
});
