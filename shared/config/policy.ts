import * as z from "zod";
import { durationSchema, MINUTE_MS } from "./duration.ts";
import { MaintenanceWindowSchema } from "./maintenanceWindow.ts";
import { pollIntervalSchema } from "./pollInterval.ts";
import { strictObject } from "./strictObject.ts";

export const FailurePolicySchema = z.enum(["cancel", "alert-only"]);
export const PausePolicySchema = z.enum(["resume-in-window", "alert-only"]);

/**
 * Each field once, so the defaults block and a cluster's overrides cannot drift apart. Durations
 * are written as `"5m"` or seconds and read as milliseconds.
 */
const policyFields = {
  pollInterval: pollIntervalSchema.describe(
    "How often clusters are read. In `defaults` it is the schedule's rate; a cluster's override must be a multiple of it.",
  ),
  lag: durationSchema().describe(
    "How far each poll window trails the schedule time, to cover provider clock skew and write delay.",
  ),
  stallAfter: z
    .union([z.literal("auto"), durationSchema({ min: MINUTE_MS })], {
      // The duration's own complaint ("must be at least 1m") when it has one, else both forms.
      error: (issue) => {
        if (issue.code !== "invalid_union") return undefined;
        const bound = issue.errors[1]?.find((e) => /at (least|most)/.test(e.message))?.message;
        return (
          bound ?? 'must be "auto" or a duration like "90s", "5m", "1h30m", or a number of seconds'
        );
      },
    })
    .describe(
      "An active upgrade with no sign of progress for this long is reported as stalled. `auto`: stalled once it runs past twice its usual duration (the current step's where the cloud reports steps), learnt from the cluster's own last finished upgrades (at least 3), and never before 30m; with fewer than 3 of its own, 3h of silence.",
    ),
  repeat: durationSchema({ min: MINUTE_MS }).describe(
    "How often a lasting condition (stall, poll failure) is announced again. At least the poll interval.",
  ),
  dryRun: z
    .boolean()
    .describe("Emit what would have been done, and call nothing that changes the cloud."),
  onFailure: FailurePolicySchema.describe(
    "On a failed upgrade: `cancel` it (when the cloud allows), or `alert-only`.",
  ),
  onPause: PausePolicySchema.describe(
    "On a paused upgrade: `resume-in-window` (needs a maintenance window), or `alert-only`.",
  ),
  postcheck: z.boolean().describe("Run the provider's post-upgrade check after a success."),
  maintenanceWindows: z
    .array(MaintenanceWindowSchema)
    .describe("When a resume may run. Overrides replace the whole list."),
  blastRadiusLimit: z
    .int()
    .min(0)
    .describe(
      "Most clusters that may be cancelled in one run (per shard). Above it none is, and one Auto Actions Suspended is raised.",
    ),
};

/**
 * The defaults lean to watching rather than acting: destructive actions are opt-in, and the
 * non-destructive postcheck is on. `repeat` follows Alertmanager's `repeat_interval` default.
 */
export const PolicySchema = strictObject({
  pollInterval: policyFields.pollInterval.prefault("5m"),
  lag: policyFields.lag.prefault("2m"),
  stallAfter: policyFields.stallAfter.prefault("3h"),
  repeat: policyFields.repeat.prefault("4h"),
  dryRun: policyFields.dryRun.default(false),
  onFailure: policyFields.onFailure.default("alert-only"),
  onPause: policyFields.onPause.default("alert-only"),
  postcheck: policyFields.postcheck.default(true),
  maintenanceWindows: policyFields.maintenanceWindows.default([]),
  blastRadiusLimit: policyFields.blastRadiusLimit.default(3),
});
export type Policy = z.infer<typeof PolicySchema>;

export const PolicyOverridesSchema = strictObject({
  pollInterval: policyFields.pollInterval.optional(),
  lag: policyFields.lag.optional(),
  stallAfter: policyFields.stallAfter.optional(),
  repeat: policyFields.repeat.optional(),
  dryRun: policyFields.dryRun.optional(),
  onFailure: policyFields.onFailure.optional(),
  onPause: policyFields.onPause.optional(),
  postcheck: policyFields.postcheck.optional(),
  maintenanceWindows: policyFields.maintenanceWindows.optional(),
  blastRadiusLimit: policyFields.blastRadiusLimit.optional(),
});
export type PolicyOverrides = z.infer<typeof PolicyOverridesSchema>;

/** Field by field; a list (windows) is replaced, not appended, so an override can narrow it. */
export function mergePolicy(defaults: Policy, overrides: PolicyOverrides = {}): Policy {
  const merged: Record<string, unknown> = { ...defaults };
  for (const [key, value] of Object.entries(overrides)) {
    if (value !== undefined) merged[key] = value;
  }
  return merged as Policy;
}
