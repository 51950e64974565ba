import * as z from "zod";

/**
 * `onFailure`: what to do about a failed upgrade. `cancel` it when the cloud allows, or
 * `alert-only`. The config, the Cancel Due event and cancel-on-failure all use these words.
 */
export const FailurePolicySchema = z.enum(["cancel", "alert-only"]);
export type FailurePolicy = z.infer<typeof FailurePolicySchema>;

/**
 * `onPause`: what to do about a paused upgrade. `resume-in-window` (inside the cluster's
 * maintenance window), or `alert-only`. The config, Resume Due and resume-upgrade use these words.
 */
export const PausePolicySchema = z.enum(["resume-in-window", "alert-only"]);
export type PausePolicy = z.infer<typeof PausePolicySchema>;
