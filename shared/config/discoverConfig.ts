import * as z from "zod";
import { boundedString, labelsSchema, MAX_CHARS, MAX_LABELS } from "./bounds.ts";
import { RegionSchema } from "./clusterConfig.ts";
import {
  CREDENTIAL_NAME_PATTERN,
  CredentialNameSchema,
  DEFAULT_CREDENTIALS,
} from "./credentialName.ts";
import { durationSchema, MINUTE_MS } from "./duration.ts";
import { EndpointSchema } from "./endpoint.ts";
import { PolicyOverridesSchema } from "./policy.ts";
import { strictObject } from "./strictObject.ts";

/** Most entries in one free-form list of a source (patterns, excluded clusters, types). */
export const MAX_DISCOVER_LIST = 500;
/** Most regions (or Huawei projects) one source lists. */
export const MAX_SOURCE_REGIONS = 64;
/** Most sources per provider family. */
export const MAX_SOURCES = 100;

/** A source's name: it names the source in events and logs, like a credential set's name. */
export const SourceNameSchema = z.string().regex(CREDENTIAL_NAME_PATTERN, {
  error: 'must be a source name: lower-case letters, digits and hyphens, like "huawei-prod"',
});

/** `v1.28`, `1.29.3`, `v1.30.1-r0`, `1.32.1-aliyun.1`: what CCE and ACK print as versions. */
const VersionSchema = boundedString(MAX_CHARS.word).regex(/^v?\d+(?:\.\d+){0,2}(?:[-+].*)?$/, {
  error: 'must be a Kubernetes version like "v1.28", "1.29.3" or "v1.30.1-r0"',
});

const VersionRangeSchema = strictObject({
  atLeast: VersionSchema.optional().describe(
    "Lowest version matched (inclusive), compared by major, minor and patch.",
  ),
  below: VersionSchema.optional().describe(
    "First version not matched (exclusive), compared by major, minor and patch.",
  ),
}).refine((r) => r.atLeast !== undefined || r.below !== undefined, {
  error: "must give atLeast, below, or both",
});

const tagKey = z.string().min(1).max(MAX_CHARS.labelKey);
const boundedList = <T extends z.ZodType>(item: T) => z.array(item).max(MAX_DISCOVER_LIST);

/**
 * Which listed clusters a source watches. Every non-empty filter must match (they narrow each
 * other); within a list, any entry matching is enough. `exclude` wins over everything.
 */
export const DiscoverFiltersSchema = strictObject({
  tags: z
    .record(tagKey, z.string().max(MAX_CHARS.labelValue))
    .superRefine((tags, ctx) => {
      const count = Object.keys(tags).length;
      if (count > MAX_LABELS) {
        ctx.addIssue({
          code: "custom",
          message: `has ${count} tags; at most ${MAX_LABELS} are allowed`,
        });
      }
    })
    .default({})
    .describe("Tags the cluster must carry with exactly these values (all of them)."),
  tagKeys: z
    .array(tagKey)
    .max(MAX_LABELS)
    .default([])
    .describe("Tag keys the cluster must carry, whatever their value (all of them)."),
  names: boundedList(boundedString(MAX_CHARS.name).min(1))
    .default([])
    .describe(
      "Name patterns (`*` any run, `?` one character, whole name); the cluster's name must match one. Empty: any name.",
    ),
  clusterTypes: boundedList(boundedString(MAX_CHARS.word).min(1))
    .default([])
    .describe(
      "The cluster's type must be one of these (case-insensitive). CCE and Autopilot: spec.category (CCE, Turbo), spec.type (VirtualMachine, ARM64) or spec.flavor; ACK: cluster_type (ManagedKubernetes, Kubernetes, ExternalKubernetes), profile (Default, Serverless, Edge, Lingjun) or cluster_spec (ack.pro.small, ...). Empty: any type.",
    ),
  versions: z
    .array(VersionRangeSchema)
    .max(MAX_SOURCE_REGIONS)
    .default([])
    .describe("The cluster's current version must fall in one of these ranges. Empty: any."),
  exclude: boundedList(boundedString(MAX_CHARS.id).min(1))
    .default([])
    .describe(
      "Clusters never watched through this source: a cluster id, or a name pattern (`*`, `?`).",
    ),
});
export type DiscoverFilters = z.infer<typeof DiscoverFiltersSchema>;

/**
 * How a discovered cluster's labels are made from its tags: `all` copies every tag, `none`
 * copies none, a list copies those keys, a map copies each tag key to the label key it names.
 * `set` adds fixed labels and wins over a tag of the same key.
 */
export const LabelRuleSchema = strictObject({
  fromTags: z
    .union([
      z.enum(["all", "none"]),
      z.array(tagKey).max(MAX_LABELS),
      z.record(tagKey, z.string().min(1).max(MAX_CHARS.labelKey)),
    ])
    .default("all")
    .describe(
      '"all" (default) copies every tag as a label; "none" copies none; a list copies those tag keys; a map copies each tag key to the label key it names. At most 50 labels are kept (by key order).',
    ),
  set: labelsSchema()
    .default({})
    .describe("Fixed labels for every cluster of this source; they win over tags of the same key."),
});
export type LabelRule = z.infer<typeof LabelRuleSchema>;

const sourceFields = {
  name: SourceNameSchema.describe(
    "Unique across all sources; named in Discovery Failed and in `upgrade-shepherd discover`.",
  ),
  credentials: CredentialNameSchema.default(DEFAULT_CREDENTIALS).describe(
    "Name of the credential set to list (and then read) with.",
  ),
  account: boundedString(MAX_CHARS.name)
    .min(1)
    .optional()
    .describe("A readable name for the account the credential set belongs to (shown, not sent)."),
  endpoint: EndpointSchema.optional(),
  filters: DiscoverFiltersSchema.prefault({}).describe("Which listed clusters to watch."),
  labels: LabelRuleSchema.prefault({}).describe("How labels are made from the cluster's tags."),
  overrides: PolicyOverridesSchema.default({}).describe(
    "Policy fields that differ from `defaults` for this source's clusters.",
  ),
};

export const HuaweiProjectSchema = strictObject({
  region: RegionSchema.describe('The region, e.g. "cn-north-4".'),
  projectId: boundedString(MAX_CHARS.id)
    .min(1)
    .describe("The Huawei project id of that region (a project belongs to one region)."),
});

/** A Huawei account's projects, listed with CCE ListClusters or Autopilot ListAutopilotClusters. */
export const HuaweiSourceSchema = strictObject({
  ...sourceFields,
  projects: z
    .array(HuaweiProjectSchema)
    .min(1)
    .max(MAX_SOURCE_REGIONS)
    .describe("The projects to list, one per region."),
});
export type HuaweiSource = z.infer<typeof HuaweiSourceSchema>;

/** An Alibaba Cloud account's regions, listed with ACK DescribeClustersV1. */
export const AckSourceSchema = strictObject({
  ...sourceFields,
  regions: z
    .array(RegionSchema)
    .min(1)
    .max(MAX_SOURCE_REGIONS)
    .describe('The regions to list, e.g. ["cn-hangzhou", "cn-shanghai"].'),
});
export type AckSource = z.infer<typeof AckSourceSchema>;

export const DiscoverLimitsSchema = strictObject({
  maxPages: z
    .int()
    .min(1)
    .max(1000)
    .default(200)
    .describe(
      "Most pages read per region of a paged list (ACK: 50 clusters a page). A region with more is reported incomplete.",
    ),
  timeout: durationSchema({ min: 1000, max: 5 * MINUTE_MS })
    .prefault("60s")
    .describe(
      "Most time discovery may take in a scheduled run (and never past the run's deadline). A region not listed by then is reported incomplete.",
    ),
});
export type DiscoverLimits = z.infer<typeof DiscoverLimitsSchema>;

/**
 * Where the fleet is found by itself: per provider family, a list of sources. Each scheduled run
 * lists them and watches what their filters match, merged with `clusters` (a cluster both listed
 * and discovered is one cluster, and the listed entry's settings win). docs/discovery.md.
 */
export const DiscoverSchema = strictObject({
  cce: z.array(HuaweiSourceSchema).max(MAX_SOURCES).default([]).describe("CCE projects."),
  "cce-autopilot": z
    .array(HuaweiSourceSchema)
    .max(MAX_SOURCES)
    .default([])
    .describe("CCE Autopilot projects."),
  ack: z.array(AckSourceSchema).max(MAX_SOURCES).default([]).describe("ACK accounts."),
  limits: DiscoverLimitsSchema.prefault({}).describe("Bounds on one run's listing."),
});
export type DiscoverConfig = z.infer<typeof DiscoverSchema>;

/** The credential sets the discovery sources list with, to load beside the clusters' own. */
export function discoverCredentialNames(discover: DiscoverConfig): string[] {
  return [...discover.cce, ...discover["cce-autopilot"], ...discover.ack].map((s) => s.credentials);
}
