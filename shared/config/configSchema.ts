import * as z from "zod";
import { ReceiversSchema, RoutesSchema } from "../notify/config.ts";
import { boundedString, MAX_CHARS, MAX_ROLLOUTS } from "./bounds.ts";
import { ClusterConfigSchema } from "./clusterConfig.ts";
import { DiscoverSchema } from "./discoverConfig.ts";
import { PolicySchema } from "./policy.ts";
import { PollSettingsSchema } from "./pollSettings.ts";
import { RolloutSchema } from "./rollout.ts";
import { strictObject } from "./strictObject.ts";

export const DEFAULT_BUS_NAME = "upgrade-shepherd";

/** The whole config document: settings, the inventory, and where alerts go. */
export const ConfigSchema = strictObject({
  $schema: boundedString(MAX_CHARS.url)
    .optional()
    .describe("Path or URL of config.schema.json, for editors."),
  bus: z
    .string()
    .regex(/^[A-Za-z0-9._\-/]{1,256}$/, { error: "must be an EventBridge bus name" })
    .optional()
    .describe(
      "EventBridge bus name. Default: the SHEPHERD_BUS_NAME environment variable, else upgrade-shepherd.",
    ),
  defaults: PolicySchema.prefault({}).describe(
    "Policy for every cluster, unless it overrides a field.",
  ),
  poll: PollSettingsSchema.prefault({}).describe("Poll tuning."),
  discover: DiscoverSchema.prefault({}).describe(
    "Where the fleet is found by itself: sources listed every scheduled run (docs/discovery.md).",
  ),
  clusters: z
    .array(ClusterConfigSchema)
    .default([])
    .describe(
      "Clusters watched by id, besides what `discover` finds; a cluster both listed and discovered is one cluster, with these settings.",
    ),
  receivers: ReceiversSchema.describe("Alerting webhooks, by name."),
  routes: RoutesSchema.describe("Which events go to which receivers; every matching route adds."),
  rollouts: z
    .array(RolloutSchema)
    .max(MAX_ROLLOUTS)
    .default([])
    .describe(`Fleet upgrades in waves (at most ${MAX_ROLLOUTS}); see docs/rollouts.md.`),
});

/** The document as written, after defaults, before the bus name is settled. */
export type ConfigDocument = z.infer<typeof ConfigSchema>;

/** A parsed config: `bus` is always known. */
export type Config = ConfigDocument & { bus: string };
