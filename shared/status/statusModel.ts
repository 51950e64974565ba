import * as z from "zod";
import { EtaSchema } from "../eta/etaSchema.ts";
import { LedgerEntrySchema } from "../ledger/ledgerEntry.ts";
import { ClusterRefSchema } from "../model/cluster.ts";
import { FailureKindSchema } from "../model/failure.ts";
import { PhaseSchema } from "../model/snapshot.ts";

const IsoTime = z.iso.datetime();
const Ms = z.number().nonnegative();

export const VersionSupportSchema = z
  .object({
    minor: z.string().nullable(),
    endOfSupport: z.iso.date().nullable(),
    status: z.enum(["ended", "ending", "supported", "unknown"]),
    daysLeft: z.number().int().nullable(),
    source: z.string().nullable(),
  })
  .strict();

/**
 * What the page shows for a cluster. `state` is the upgrade's phase, `idle` for a cluster with
 * no upgrade on record, or `unreadable` when this run could not read it (`readError` says why).
 */
export const StatusClusterSchema = z
  .object({
    cluster: ClusterRefSchema,
    state: z.union([PhaseSchema, z.enum(["idle", "unreadable"])]),
    rawPhase: z.string().nullable(),
    upgradeId: z.string().nullable(),
    progress: z.number().min(0).max(100).nullable(),
    /** The version the cluster runs now, as far as the upgrade record tells. */
    version: z.string().nullable(),
    fromVersion: z.string().nullable(),
    toVersion: z.string().nullable(),
    startedAt: IsoTime.nullable(),
    finishedAt: IsoTime.nullable(),
    step: z.string().nullable(),
    eta: EtaSchema.nullable(),
    stalled: z
      .object({ step: z.string().nullable(), runningForMs: Ms, usualMs: Ms.nullable() })
      .strict()
      .nullable(),
    support: VersionSupportSchema,
    message: z.string().nullable(),
    readError: z.object({ kind: FailureKindSchema, message: z.string() }).strict().nullable(),
  })
  .strict();
export type StatusCluster = z.infer<typeof StatusClusterSchema>;

/**
 * One run's status: every cluster it read and the upgrades of the last 30 days. A sharded run
 * writes one part per shard (`part`), and the page is assembled from the parts of the same `t`.
 */
export const StatusModelSchema = z
  .object({
    /** The run's schedule time `T` (ISO), shared by every shard of the run. */
    t: IsoTime,
    generatedAt: IsoTime,
    /** Which shard wrote it, and which read attempt (a retry re-reads only what failed). */
    part: z
      .object({
        index: z.number().int().min(0),
        count: z.number().int().min(1),
        attempt: z.number().int().min(1).default(1),
      })
      .strict(),
    clusters: z.array(StatusClusterSchema),
    recent: z.array(LedgerEntrySchema),
    calendarCheckedAt: z.iso.date(),
  })
  .strict();
export type StatusModel = z.infer<typeof StatusModelSchema>;
