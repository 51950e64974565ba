import * as z from "zod";
import { ClusterRefSchema } from "../model/cluster.ts";
import { FailureKindSchema, FailureReportSchema, FailureSchema } from "../model/failure.ts";
import { clusterDetailShape } from "./clusterDetail.ts";
import { EventIdSchema } from "./eventId.ts";
import { severityField } from "./severityField.ts";
import { ShardSchema } from "./shard.ts";
import { RepeatTriggerSchema } from "./trigger.ts";
import { WindowSchema } from "./window.ts";

/** The kinds of `shared/model/failure.ts`; `auth` is the one that pages. */
export const PollErrorKindSchema = FailureKindSchema;
export type PollErrorKind = z.infer<typeof PollErrorKindSchema>;

/**
 * What went wrong with a read, in words safe to show (never a key, token or signature): the
 * report part of the one failure shape, with the attempt that failed last (1 is the scheduled
 * run, 2.. are Poll Retry Requested runs) and the credential set's name (never its keys).
 */
export const PollFailureInfoSchema = FailureReportSchema;
export type PollFailureInfo = z.infer<typeof PollFailureInfoSchema>;

export const PollFailedDetailSchema = z
  .object({
    ...clusterDetailShape("Poll Failed"),
    upgrade: z.null(),
    trigger: RepeatTriggerSchema,
    failure: PollFailureInfoSchema,
    /**
     * Every cluster this failure left unread in this run, `cluster` first. More than one only
     * for an authentication failure, which stops every request with its credential set.
     */
    affectedClusters: z.array(ClusterRefSchema).min(1),
  })
  .strict();
export type PollFailedDetail = z.infer<typeof PollFailedDetailSchema>;

export const PollRetryRequestedDetailSchema = z
  .object({
    id: EventIdSchema,
    severity: severityField("Poll Retry Requested"),
    /** The original run's window: the retry re-reads for the same window, so nothing is lost. */
    window: WindowSchema,
    /** The attempt the retry will be (2 for the first retry). */
    attempt: z.number().int().min(2),
    clusters: z.array(ClusterRefSchema).min(1),
    failures: z.array(
      z
        .object({
          clusterId: z.string(),
          kind: FailureSchema.shape.kind,
          code: FailureSchema.shape.code,
        })
        .strict(),
    ),
    shard: ShardSchema.nullable(),
    /**
     * Clusters the earlier attempts of this run already found due for cancel, so the retry's
     * Cancel Due events count the whole run, not only the clusters it re-read.
     */
    clustersDueForCancel: z.number().int().min(0),
  })
  .strict();
export type PollRetryRequestedDetail = z.infer<typeof PollRetryRequestedDetailSchema>;

export const PollShardRequestedDetailSchema = z
  .object({
    id: EventIdSchema,
    severity: severityField("Poll Shard Requested"),
    window: WindowSchema,
    shard: ShardSchema,
    /**
     * Present when the scheduled run discovered clusters (docs/discovery.md): its shard is the run
     * of the sorted inventory from `range.first` to `range.last` (cluster keys, both included).
     * The listed clusters in the range come from the config; the discovered ones are carried in
     * `discovered` (each names its source), so a shard, and its retries, read exactly the set
     * the scheduled run cut, without listing again.
     */
    range: z.object({ first: z.string(), last: z.string() }).strict().optional(),
    discovered: z.array(ClusterRefSchema).optional(),
    /**
     * Present when this shard is a group of rollouts (`shardRuns`): it reads every cluster they
     * cover (the listed ones from the config, the discovered ones from `discovered`) and judges
     * those rollouts from its reads. A shard without it judges no rollout.
     */
    rollouts: z.array(z.string().min(1)).min(1).optional(),
    /** Each credential set's share of its rate for this shard, over the whole inventory. */
    shares: z.record(z.string(), z.number().min(0).max(1)).optional(),
  })
  .strict();
export type PollShardRequestedDetail = z.infer<typeof PollShardRequestedDetailSchema>;

/**
 * A credential set the clouds accepted in this run: at least one of its clusters was read and
 * none of its requests was refused for its key. Emitted in every run (kind `level`), because
 * the poller keeps no memory of an earlier refusal; its one use is to resolve the PagerDuty
 * incident a refused key opened (`credentialDedupKey(credentialSet)`), which is a no-op at
 * PagerDuty when none is open. Routed like the critical Poll Failed it answers (catalogue:
 * `incidents-only`), so no chat receiver hears it unless a route or filter names it.
 */
export const CredentialsAcceptedDetailSchema = z
  .object({
    id: EventIdSchema,
    severity: severityField("Credentials Accepted"),
    window: WindowSchema,
    /** The credential set's name, never its keys. */
    credentialSet: z.string().min(1),
    /** The clusters read with it in this run, sorted by cluster key: routes match their labels. */
    clusters: z.array(ClusterRefSchema).min(1),
    shard: ShardSchema.nullable(),
  })
  .strict();
export type CredentialsAcceptedDetail = z.infer<typeof CredentialsAcceptedDetailSchema>;
