import * as z from "zod";
import { ClusterRefSchema } from "./cluster.ts";
import { IsoTime } from "./isoTime.ts";

/**
 * The normalized lifecycle every provider state maps onto (DESIGN.md, "Normalized lifecycle").
 * `unknown` is a provider state no source documents (a new state, a rollback): the snapshot
 * keeps the raw value in `rawPhase`, decide announces it as a warning once per repeat bucket,
 * and nothing acts on it (issue 13, "undocumented answers never fail a read").
 */
export const PhaseSchema = z.enum([
  "pending",
  "prechecking",
  "running",
  "paused",
  "succeeded",
  "failed",
  "cancelled",
  "unknown",
]);
export type Phase = z.infer<typeof PhaseSchema>;

/**
 * Phases in which the provider should be making progress, so silence means a stall. `unknown`
 * is in neither this list nor the terminal one: nothing is inferred from a state no source
 * documents.
 */
export const ACTIVE_PHASES: readonly Phase[] = ["pending", "prechecking", "running"];

/** Phases an upgrade ends in. */
export const TERMINAL_PHASES: readonly Phase[] = ["succeeded", "failed", "cancelled"];

/**
 * Where the snapshot was read from. ACK has two APIs and the legacy one has no times or id.
 * `cce-cluster` is ShowCluster alone, for an account whose upgrade APIs are not opened
 * (API.md, "The upgrade APIs are opened on request"): a phase and a version, no times, no steps.
 */
export const SnapshotSourceSchema = z.enum([
  "cce-task",
  "cce-cluster",
  "ack-task",
  "ack-upgrade-status",
]);
export type SnapshotSource = z.infer<typeof SnapshotSourceSchema>;

/** One step of an upgrade: a CCE workflow point (PreCheck, Snapshot, Cluster, PostCheck, Rollback) or an ACK stage. */
export const StepSchema = z
  .object({
    name: z.string(),
    /** The provider's own status string, unchanged (CCE point status, ACK stage state). */
    status: z.string().nullable(),
    startedAt: IsoTime.nullable(),
    finishedAt: IsoTime.nullable(),
  })
  .strict();
export type Step = z.infer<typeof StepSchema>;

/**
 * A CCE/Autopilot workflow path marked `critical` (seed 001 Table 10, `lineStatuses[]`): "an
 * upgrade can be canceled only after the key path is executed". Named by its ends' step types.
 */
export const CriticalLineSchema = z.object({ from: z.string(), to: z.string() }).strict();
export type CriticalLine = z.infer<typeof CriticalLineSchema>;

export const UpgradeSchema = z
  .object({
    /** CCE/Autopilot task `metadata.uid`, ACK `task_id`, or `legacy:<clusterId>` (DESIGN.md). */
    id: z.string(),
    phase: PhaseSchema,
    /** The provider's status string the phase came from, e.g. `Pause` or `running/pause`. */
    rawPhase: z.string(),
    /** 0..100, or null where the provider reports none. */
    progress: z.number().min(0).max(100).nullable(),
    fromVersion: z.string().nullable(),
    toVersion: z.string().nullable(),
    /** Immutable: when the upgrade task was created. */
    createdAt: IsoTime.nullable(),
    /** Immutable once set: when the task reached a terminal phase. */
    finishedAt: IsoTime.nullable(),
    /** Mutable: the provider's last update of the task. A hint only. */
    updatedAt: IsoTime.nullable(),
    steps: z.array(StepSchema),
    message: z.string().nullable(),
    source: SnapshotSourceSchema,
    /** CCE/Autopilot: the upgrade workflow joined to this task, for cancel. */
    workflowId: z.string().nullable(),
    /** CCE/Autopilot: the workflow's own phase (Init, Running, Pending, Success, Cancel). */
    workflowPhase: z.string().nullable(),
    /** CCE/Autopilot: the workflow's key paths, when it marks any; a cancel waits until they ran. */
    criticalLines: z.array(CriticalLineSchema).optional(),
  })
  .strict();
export type Upgrade = z.infer<typeof UpgradeSchema>;

/**
 * Why a read could give less than the full upgrade detail, with the cloud's own code and words.
 * `upgrade-api-unavailable`: the CCE task or workflow calls were refused while ShowCluster worked
 * (API.md: the upgrade APIs are opened on request), so the snapshot comes from ShowCluster alone
 * (the task list refused) or from the task without its workflow (the workflow list refused).
 * decide announces it as a warning once per repeat bucket.
 */
export const ReadDegradationSchema = z
  .object({
    reason: z.enum(["upgrade-api-unavailable"]),
    operation: z.string(),
    code: z.string().nullable(),
    message: z.string(),
  })
  .strict();
export type ReadDegradation = z.infer<typeof ReadDegradationSchema>;

/** One cluster's upgrade state as read at `readAt`. `upgrade` is null when the cluster has never been upgraded. */
export const UpgradeSnapshotSchema = z
  .object({
    cluster: ClusterRefSchema,
    readAt: IsoTime,
    upgrade: UpgradeSchema.nullable(),
    /** Present when the read was partial; see `ReadDegradationSchema`. */
    degraded: ReadDegradationSchema.optional(),
    /**
     * The cluster's other upgrades that the same answers listed (CCE's task list joined to its
     * workflows, ACK's `cluster_upgrade` task list), newest first, without the current one: the
     * ledger, the ETA and `stallAfter: auto` learn from them. No request is made for them alone.
     */
    history: z.array(UpgradeSchema).optional(),
    /**
     * The version the cluster runs (CCE ShowCluster `spec.version`, ACK DescribeClusterDetail
     * `current_version`). Read only where a rollout needs it: a cluster of a rollout's current
     * wave with no upgrade on record, which may already run the target (docs/rollouts.md).
     */
    clusterVersion: z.string().optional(),
  })
  .strict();
export type UpgradeSnapshot = z.infer<typeof UpgradeSnapshotSchema>;
