import * as z from "zod";
import { clusterDetailShape } from "./clusterDetail.ts";
import { LiftedSilenceSchema } from "./quietDetails.ts";
import { TransitionTriggerSchema, TriggerSchema } from "./trigger.ts";

const IsoTime = z.iso.datetime();

/**
 * Set by the run that announces a failure or stall when the cluster has `quietDuringUpgrade`:
 * the silences of the upgrade that were lifted (in this run, or already by an earlier run that
 * read the failure first), so the alert says the cluster's own alerts are flowing again.
 */
const silencesLifted = z.array(LiftedSilenceSchema).optional();

export const UpgradeStartedDetailSchema = z
  .object({ ...clusterDetailShape("Upgrade Started"), trigger: TriggerSchema })
  .strict();
export type UpgradeStartedDetail = z.infer<typeof UpgradeStartedDetailSchema>;

export const UpgradePausedDetailSchema = z
  .object({ ...clusterDetailShape("Upgrade Paused"), trigger: TriggerSchema })
  .strict();
export type UpgradePausedDetail = z.infer<typeof UpgradePausedDetailSchema>;

export const UpgradeStalledDetailSchema = z
  .object({
    ...clusterDetailShape("Upgrade Stalled"),
    trigger: TriggerSchema,
    silencesLifted,
    stall: z
      .object({
        /** The latest of the upgrade's own timestamps: nothing the provider reported is newer. */
        lastActivityAt: IsoTime,
        thresholdMs: z.number().int().positive(),
        /** Measured at the window's end, so a retried run reports the same figure. */
        stalledForMs: z.number().int().nonnegative(),
      })
      .strict(),
  })
  .strict();
export type UpgradeStalledDetail = z.infer<typeof UpgradeStalledDetailSchema>;

export const UpgradeSucceededDetailSchema = z
  .object({ ...clusterDetailShape("Upgrade Succeeded"), trigger: TransitionTriggerSchema })
  .strict();
export type UpgradeSucceededDetail = z.infer<typeof UpgradeSucceededDetailSchema>;

export const UpgradeFailedDetailSchema = z
  .object({ ...clusterDetailShape("Upgrade Failed"), trigger: TriggerSchema, silencesLifted })
  .strict();
export type UpgradeFailedDetail = z.infer<typeof UpgradeFailedDetailSchema>;

export const UpgradeCancelledDetailSchema = z
  .object({ ...clusterDetailShape("Upgrade Cancelled"), trigger: TransitionTriggerSchema })
  .strict();
export type UpgradeCancelledDetail = z.infer<typeof UpgradeCancelledDetailSchema>;
