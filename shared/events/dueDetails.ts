import * as z from "zod";
import { IsoTime } from "../model/isoTime.ts";
import { FailurePolicySchema, PausePolicySchema } from "../model/policy.ts";
import { UpgradeSchema } from "../model/snapshot.ts";
import { clusterDetailShape } from "./clusterDetail.ts";
import { ShardSchema } from "./shard.ts";

/**
 * `policy` in each due event is the part of the cluster's policy the poller saw that the action
 * reads, under the config's own names (`postcheck`, `onFailure`, `onPause`, `dryRun`). Due events
 * fire whatever it says; the action function applies it and reports `Action Skipped` (reason
 * `policy` or `dry-run`), so the record shows what would have been done.
 */
const DryRun = z.boolean();

export const PostcheckDueDetailSchema = z
  .object({
    ...clusterDetailShape("Postcheck Due"),
    upgrade: UpgradeSchema,
    succeededAt: IsoTime,
    horizonMs: z.number().int().positive(),
    policy: z.object({ postcheck: z.boolean(), dryRun: DryRun }).strict(),
  })
  .strict();
export type PostcheckDueDetail = z.infer<typeof PostcheckDueDetailSchema>;

export const CancelDueDetailSchema = z
  .object({
    ...clusterDetailShape("Cancel Due"),
    upgrade: UpgradeSchema,
    failedAt: IsoTime,
    /**
     * How many clusters this run (or this shard of it) found due for cancel, whatever their
     * policy: the blast-radius guard compares it with its limit, like Cluster API's maxUnhealthy.
     */
    clustersDueForCancel: z.number().int().min(1),
    shard: ShardSchema.nullable(),
    policy: z.object({ onFailure: FailurePolicySchema, dryRun: DryRun }).strict(),
  })
  .strict();
export type CancelDueDetail = z.infer<typeof CancelDueDetailSchema>;

export const ResumeDueDetailSchema = z
  .object({
    ...clusterDetailShape("Resume Due"),
    upgrade: UpgradeSchema,
    /** The `updatedAt` hint of the pause; null when the source has no times (legacy ACK). */
    pausedSince: IsoTime.nullable(),
    policy: z.object({ onPause: PausePolicySchema, dryRun: DryRun }).strict(),
  })
  .strict();
export type ResumeDueDetail = z.infer<typeof ResumeDueDetailSchema>;
