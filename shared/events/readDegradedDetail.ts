import * as z from "zod";
import { ReadDegradationSchema, SnapshotSourceSchema } from "../model/snapshot.ts";
import { clusterDetailShape } from "./clusterDetail.ts";
import { RepeatTriggerSchema } from "./trigger.ts";

/**
 * A provider state no source documents (issue 13, "undocumented answers never fail a read"):
 * the raw value as the cloud sent it, and which read it came from. Nothing acts on it.
 */
export const UnknownStateSchema = z
  .object({
    reason: z.literal("unknown-state"),
    /** The provider's status string, unchanged (`upgrade.rawPhase`), e.g. `Rollback`. */
    rawPhase: z.string(),
    /** CCE/Autopilot: the workflow's own phase as read, when there is one. */
    workflowPhase: z.string().nullable(),
    /** The read it came from: `cce-task`, `cce-cluster`, `ack-task` or `ack-upgrade-status`. */
    source: SnapshotSourceSchema,
  })
  .strict();
export type UnknownState = z.infer<typeof UnknownStateSchema>;

/**
 * Why the read gave less than the whole story: an undocumented state, or a cloud that refused
 * the upgrade APIs while it still answered for the cluster (`snapshot.degraded`, with the
 * refused operation, the cloud's code and its message).
 */
export const DegradationSchema = z.discriminatedUnion("reason", [
  UnknownStateSchema,
  ReadDegradationSchema,
]);
export type Degradation = z.infer<typeof DegradationSchema>;

/**
 * A cluster was read, but not fully: announced in the first run of each repeat bucket while it
 * holds, so a read that can never be complete is said once per bucket, not on every run, and
 * never fails the read. `upgrade` is the upgrade as read (null when none was).
 */
export const ReadDegradedDetailSchema = z
  .object({
    ...clusterDetailShape("Read Degraded"),
    trigger: RepeatTriggerSchema,
    degradation: DegradationSchema,
  })
  .strict();
export type ReadDegradedDetail = z.infer<typeof ReadDegradedDetailSchema>;
