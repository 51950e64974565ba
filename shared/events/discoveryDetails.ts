import * as z from "zod";
import { ProviderSchema } from "../model/cluster.ts";
import { FailureKindSchema } from "../model/failure.ts";
import { clusterDetailShape } from "./clusterDetail.ts";
import { EventIdSchema } from "./eventId.ts";
import { severityField } from "./severityField.ts";
import { RepeatTriggerSchema } from "./trigger.ts";
import { WindowSchema } from "./window.ts";

const IsoTime = z.iso.datetime();

/** The discovery source an event is about: its name and what it lists with (never a key). */
export const SourceInfoSchema = z
  .object({
    name: z.string().min(1),
    provider: ProviderSchema,
    /** The credential set's name (never its keys). */
    credentialSet: z.string().min(1),
    /** The readable account name the config gives, if any. */
    account: z.string().nullable(),
  })
  .strict();
export type SourceInfo = z.infer<typeof SourceInfoSchema>;

/**
 * A cluster whose creation time fell in the run's window and that a discovery source matched:
 * announced once, by the run whose window holds `createdAt` (the list's immutable creation
 * time), like an upgrade's Started. `upgrade` is null: the poll reads it in the same run.
 */
export const ClusterDiscoveredDetailSchema = z
  .object({
    ...clusterDetailShape("Cluster Discovered"),
    upgrade: z.null(),
    trigger: z
      .object({ kind: z.literal("transition"), at: IsoTime, from: z.literal("clusterCreatedAt") })
      .strict(),
    source: SourceInfoSchema,
    /** The filters it passed, e.g. `tag env=prod; name prod-*`. */
    rule: z.string(),
    /** `both` when `clusters` lists it too (the listed settings are used). */
    origin: z.enum(["discovered", "both"]),
  })
  .strict();
export type ClusterDiscoveredDetail = z.infer<typeof ClusterDiscoveredDetailSchema>;

/**
 * A cluster listed in `clusters` that a complete listing of a source covering its region (and
 * Huawei project, or ACK account) does not hold: the cloud says it no longer exists. Absence has
 * no time of its own, so it is said in the first run of each repeat bucket while it lasts.
 */
export const ClusterGoneDetailSchema = z
  .object({
    ...clusterDetailShape("Cluster Gone"),
    upgrade: z.null(),
    trigger: RepeatTriggerSchema,
    /** The source whose complete listing lacks the cluster. */
    source: SourceInfoSchema,
  })
  .strict();
export type ClusterGoneDetail = z.infer<typeof ClusterGoneDetailSchema>;

/** One region (Huawei: one project) a source could not list completely. */
export const ScopeFailureSchema = z
  .object({
    region: z.string().min(1),
    projectId: z.string().nullable(),
    /** The client's failure kind, or `pages` when `discover.limits.maxPages` stopped the list. */
    kind: z.union([FailureKindSchema, z.literal("pages")]),
    operation: z.string(),
    status: z.number().int().nullable(),
    code: z.string().nullable(),
    message: z.string(),
    requestId: z.string().nullable(),
    /** Clusters read before the failure; they are still watched. */
    clustersFound: z.number().int().min(0),
  })
  .strict();
export type ScopeFailure = z.infer<typeof ScopeFailureSchema>;

/**
 * A source that could not list some of its regions completely in this run. Every failing run
 * emits it with one id per repeat bucket (receivers that deduplicate alert once a bucket); what
 * the source did list is still watched and nothing is read from what it did not.
 */
export const DiscoveryFailedDetailSchema = z
  .object({
    id: EventIdSchema,
    severity: severityField("Discovery Failed"),
    window: WindowSchema,
    trigger: RepeatTriggerSchema,
    source: SourceInfoSchema,
    failures: z.array(ScopeFailureSchema).min(1),
  })
  .strict();
export type DiscoveryFailedDetail = z.infer<typeof DiscoveryFailedDetailSchema>;
