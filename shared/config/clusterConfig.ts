import * as z from "zod";
import { ProviderSchema } from "../model/cluster.ts";
import { boundedString, labelsSchema, MAX_CHARS, MAX_LABELS } from "./bounds.ts";
import { CredentialNameSchema, DEFAULT_CREDENTIALS } from "./credentialName.ts";
import { EndpointSchema } from "./endpoint.ts";
import { HealthProbeSchema } from "./healthProbe.ts";
import { PolicyOverridesSchema } from "./policy.ts";
import { strictObject } from "./strictObject.ts";

/** The region goes into the endpoint's host name, so only region-shaped ids are let through. */
export const RegionSchema = z
  .string()
  .min(1, { abort: true })
  .max(MAX_CHARS.region, { abort: true })
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, {
    error: 'must be a region id like "cn-north-4" or "cn-hangzhou"',
  });

/**
 * One cluster as written in the config. Cross-field rules (projectId per provider, duplicates,
 * windows for `resume-in-window`) are checked after parsing, where the whole config is known;
 * the projectId rule is also given to editors through the JSON Schema's `if`/`then`.
 */
export const ClusterConfigSchema = strictObject({
  provider: ProviderSchema.describe(
    "`cce`, `cce-autopilot` (Huawei Cloud) or `ack` (Alibaba Cloud).",
  ),
  region: RegionSchema.describe('The cloud region, e.g. "cn-north-4" or "cn-hangzhou".'),
  projectId: boundedString(MAX_CHARS.id)
    .min(1)
    .optional()
    .describe("Huawei project id. Required for cce and cce-autopilot; not allowed for ack."),
  clusterId: boundedString(MAX_CHARS.id).min(1).describe("The provider's cluster id."),
  name: boundedString(MAX_CHARS.name).min(1).optional().describe("A readable name for alerts."),
  labels: labelsSchema()
    .default({})
    .describe(
      `Free-form labels, carried on every event (for routing): at most ${MAX_LABELS}, keys up to ${MAX_CHARS.labelKey} characters, values up to ${MAX_CHARS.labelValue}.`,
    ),
  endpoint: EndpointSchema.optional(),
  credentials: CredentialNameSchema.default(DEFAULT_CREDENTIALS).describe(
    "Name of the credential set to sign with.",
  ),
  overrides: PolicyOverridesSchema.default({}).describe(
    "Policy fields that differ from `defaults` for this cluster.",
  ),
  healthProbes: z
    .array(HealthProbeSchema)
    .default([])
    .describe("HTTP checks to run after an upgrade succeeds."),
}).meta({
  if: { properties: { provider: { const: "ack" } } },
  // biome-ignore lint/suspicious/noThenProperty: JSON Schema's if/then/else keywords, not a thenable.
  then: { not: { required: ["projectId"] } },
  else: { required: ["projectId"] },
});
export type ClusterConfig = z.infer<typeof ClusterConfigSchema>;
