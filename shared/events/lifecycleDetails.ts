import * as z from "zod";
import { EtaSchema } from "../eta/etaSchema.ts";
import { clusterDetailShape } from "./clusterDetail.ts";
import { TransitionTriggerSchema, TriggerSchema } from "./trigger.ts";

const IsoTime = z.iso.datetime();

/**
 * When the upgrade will likely finish, from the cluster's own past upgrades or the fleet's
 * (`estimateEta`, at the window's end); absent or null when neither has 3 finished upgrades. Absent in events from
 * before the estimator, so receivers must not require it.
 */
const eta = EtaSchema.nullable().optional();

export const UpgradeStartedDetailSchema = z
  .object({ ...clusterDetailShape("Upgrade Started"), trigger: TriggerSchema, eta })
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
    stall: z
      .object({
        /** The latest of the upgrade's own timestamps: nothing the provider reported is newer. */
        lastActivityAt: IsoTime,
        thresholdMs: z.number().int().positive(),
        /** Measured at the window's end, so a retried run reports the same figure. */
        stalledForMs: z.number().int().nonnegative(),
        /**
         * `silence`: no timestamp newer than `thresholdMs` (a fixed `stallAfter`, or `auto` with
         * fewer than 3 finished upgrades of its own). `usual`: running past `thresholdMs`, twice its usual duration (`auto`).
         */
        judgedBy: z.enum(["silence", "usual"]).optional(),
        /** `usual` only: the step judged (null: the whole upgrade), how long it has run, and usually takes. */
        step: z.string().nullable().optional(),
        runningForMs: z.number().int().nonnegative().optional(),
        usualMs: z.number().nonnegative().optional(),
      })
      .strict(),
    eta,
  })
  .strict();
export type UpgradeStalledDetail = z.infer<typeof UpgradeStalledDetailSchema>;

export const UpgradeSucceededDetailSchema = z
  .object({ ...clusterDetailShape("Upgrade Succeeded"), trigger: TransitionTriggerSchema })
  .strict();
export type UpgradeSucceededDetail = z.infer<typeof UpgradeSucceededDetailSchema>;

export const UpgradeFailedDetailSchema = z
  .object({ ...clusterDetailShape("Upgrade Failed"), trigger: TriggerSchema })
  .strict();
export type UpgradeFailedDetail = z.infer<typeof UpgradeFailedDetailSchema>;

export const UpgradeCancelledDetailSchema = z
  .object({ ...clusterDetailShape("Upgrade Cancelled"), trigger: TransitionTriggerSchema })
  .strict();
export type UpgradeCancelledDetail = z.infer<typeof UpgradeCancelledDetailSchema>;
