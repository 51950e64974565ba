import * as z from "zod";
import { ClusterRefSchema } from "../model/cluster.ts";
import { clusterDetailShape } from "./clusterDetail.ts";
import { EventIdSchema } from "./eventId.ts";
import { RequestedBySchema } from "./requestedBy.ts";
import { severityField } from "./severityField.ts";
import { TriggerSchema } from "./trigger.ts";
import { WindowSchema } from "./window.ts";

const Name = z.string().min(1).max(64);

/**
 * How a rollout-wide condition came to be announced: a transition dated by a failure's own time
 * or by a soak's end (`soakEnd`: the previous wave's last success plus its soak), or a repeat
 * bucket.
 */
const RolloutTriggerSchema = TriggerSchema;

/**
 * Level, internal: the judge found this cluster of the rollout's current, eligible wave due to
 * start its upgrade to `targetVersion`. The start-upgrade function re-reads the cluster before it starts
 * anything. Id keyed by the run's `T`.
 */
export const UpgradeDueDetailSchema = z
  .object({
    ...clusterDetailShape("Upgrade Due"),
    rollout: Name,
    wave: Name,
    targetVersion: z.string().min(1),
    /**
     * How many Upgrade Due the run raised across every rollout: start-upgrade's blast-radius
     * guard starts none above the cluster's `blastRadiusLimit`, as cancel-on-failure does.
     */
    upgradesDue: z.number().int().min(1),
    policy: z.object({ dryRun: z.boolean() }).strict(),
    /**
     * Present when a person approved the wave in chat (an approval's Upgrade Due, from
     * poll-status on the approval's Action Requested): start-upgrade's outcomes then name who
     * approved, and a skip is a warning. Absent on a scheduled run's.
     */
    requestedBy: RequestedBySchema.optional(),
  })
  .strict();
export type UpgradeDueDetail = z.infer<typeof UpgradeDueDetailSchema>;

/**
 * A wave with `approval: chat` is eligible and none of its upgrades has begun. `firstClusters`
 * are the ones an approval would start first (at most `maxConcurrent`), as this run judged them;
 * chat receivers with `actions` show an **Approve** button, whose press poll-status re-judges
 * before anything starts. `repeatMs` is the repeat bucket: the event comes again, with a fresh
 * button, within it, so no Approve button works longer.
 */
export const RolloutWaveReadyDetailSchema = z
  .object({
    id: EventIdSchema,
    severity: severityField("Rollout Wave Ready"),
    window: WindowSchema,
    rollout: Name,
    wave: Name,
    approval: z.literal("chat"),
    firstClusters: z.array(ClusterRefSchema),
    trigger: RolloutTriggerSchema,
    /** ms; the bucket this event repeats in (`defaults.repeat`). */
    repeatMs: z.number().int().positive(),
  })
  .strict();
export type RolloutWaveReadyDetail = z.infer<typeof RolloutWaveReadyDetailSchema>;

/** The rollout starts nothing while these clusters are failed or stalled (its `haltOn`). */
export const RolloutHaltedDetailSchema = z
  .object({
    id: EventIdSchema,
    severity: severityField("Rollout Halted"),
    window: WindowSchema,
    rollout: Name,
    failed: z.array(ClusterRefSchema),
    stalled: z.array(ClusterRefSchema),
    trigger: RolloutTriggerSchema,
  })
  .strict();
export type RolloutHaltedDetail = z.infer<typeof RolloutHaltedDetailSchema>;
