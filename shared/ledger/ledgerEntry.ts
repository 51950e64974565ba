import * as z from "zod";
import { EventIdSchema } from "../events/eventId.ts";
import { ClusterRefSchema } from "../model/cluster.ts";
import { PhaseSchema, SnapshotSourceSchema } from "../model/snapshot.ts";

const IsoTime = z.iso.datetime();

/** One step of a past upgrade, as the cloud reported it, with its duration when both ends are known. */
export const LedgerStepSchema = z
  .object({
    name: z.string(),
    status: z.string().nullable(),
    startedAt: IsoTime.nullable(),
    finishedAt: IsoTime.nullable(),
    durationMs: z.number().int().nonnegative().nullable(),
  })
  .strict();
export type LedgerStep = z.infer<typeof LedgerStepSchema>;

/**
 * An action on the upgrade that the cloud's own record shows: a PostCheck step with a status
 * (CCE and Autopilot), or a cancellation (CCE workflow `Cancel`, ACK task `canceled`). The cloud
 * does not say who acted, so neither does the ledger.
 */
export const LedgerActionSchema = z
  .object({
    action: z.enum(["postcheck", "cancel"]),
    status: z.string().nullable(),
    at: IsoTime.nullable(),
  })
  .strict();
export type LedgerAction = z.infer<typeof LedgerActionSchema>;

/**
 * One upgrade of one cluster, from the upgrade tasks the poll already reads. `eventIds` are the
 * ids of the lifecycle events upgrade-shepherd announces for it (Upgrade Started from the task's
 * creation, Upgrade Succeeded/Failed/Cancelled from its finish), derived from the same times by
 * the same recipe (docs/events.md), so a receiver's log or a PagerDuty incident can be found by
 * them; null where the time is missing.
 */
export const LedgerEntrySchema = z
  .object({
    cluster: ClusterRefSchema,
    upgradeId: z.string(),
    fromVersion: z.string().nullable(),
    toVersion: z.string().nullable(),
    startedAt: IsoTime.nullable(),
    finishedAt: IsoTime.nullable(),
    /** The phase it ended in, or is in now. */
    outcome: PhaseSchema,
    rawPhase: z.string(),
    durationMs: z.number().int().nonnegative().nullable(),
    steps: z.array(LedgerStepSchema),
    actions: z.array(LedgerActionSchema),
    message: z.string().nullable(),
    source: SnapshotSourceSchema,
    eventIds: z
      .object({ started: EventIdSchema.nullable(), finished: EventIdSchema.nullable() })
      .strict(),
  })
  .strict();
export type LedgerEntry = z.infer<typeof LedgerEntrySchema>;
