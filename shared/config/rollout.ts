import * as z from "zod";
import { boundedString, labelsSchema, MAX_CHARS, MAX_CONCURRENT, MAX_WAVES } from "./bounds.ts";
import { DAY_MS, durationSchema } from "./duration.ts";
import { strictObject } from "./strictObject.ts";

/** Rollout and wave names: they appear in event ids, chat messages and the CLI. */
const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const nameSchema = () =>
  boundedString(MAX_CHARS.word).regex(NAME_PATTERN, {
    error: "must be letters, digits, '.', '_' or '-', starting with a letter or digit",
  });

/** The version string each provider is moved to; a provider left out is not moved. */
const versionSchema = () =>
  boundedString(MAX_CHARS.word)
    .min(1)
    .regex(/^[A-Za-z0-9._+-]+$/, {
      error: 'must be a version like "v1.31" (CCE) or "1.31.1-aliyun.1" (ACK)',
    });

export const RolloutTargetSchema = strictObject({
  cce: versionSchema().optional().describe('CCE cluster version to move to, e.g. "v1.31".'),
  "cce-autopilot": versionSchema()
    .optional()
    .describe('CCE Autopilot cluster version to move to, e.g. "v1.31".'),
  ack: versionSchema()
    .optional()
    .describe('ACK cluster version to move to, e.g. "1.31.1-aliyun.1".'),
}).refine((target) => Object.values(target).some((v) => v !== undefined), {
  error: "must name a version for at least one of cce, cce-autopilot, ack",
});
export type RolloutTarget = z.infer<typeof RolloutTargetSchema>;

export const ClusterSelectorSchema = strictObject({
  labels: labelsSchema()
    .default({})
    .describe("Cluster labels that must all match exactly. Empty: every cluster."),
});
export type ClusterSelector = z.infer<typeof ClusterSelectorSchema>;

export const WaveSchema = strictObject({
  name: nameSchema().describe("The wave's name, unique within its rollout."),
  clusters: ClusterSelectorSchema.optional().describe(
    "Which of the rollout's clusters not taken by an earlier wave this wave takes, by label.",
  ),
  percent: z
    .int()
    .min(1)
    .max(100)
    .optional()
    .describe(
      "Take this share of the rollout's clusters (rounded up), from those not taken by an earlier wave, in a stable order.",
    ),
  maxConcurrent: z
    .int()
    .min(1)
    .max(MAX_CONCURRENT)
    .default(1)
    .describe(`Most of this wave's clusters upgrading at once (1 to ${MAX_CONCURRENT}).`),
  soak: durationSchema({ max: 30 * DAY_MS })
    .prefault("0s")
    .describe(
      "How long the wave must stay complete (from its last success) before the next wave may start. At most 30d.",
    ),
  approval: z
    .enum(["none", "chat"])
    .default("none")
    .describe(
      "`chat`: when the wave becomes eligible, ask for approval in chat before starting it.",
    ),
});
export type Wave = z.infer<typeof WaveSchema>;

export const HaltOnSchema = strictObject({
  failures: z
    .int()
    .min(1)
    .default(1)
    .describe("Halt the rollout while at least this many of its clusters have failed upgrades."),
  stalls: z
    .int()
    .min(1)
    .default(1)
    .describe("Halt the rollout while at least this many of its clusters have stalled upgrades."),
});
export type HaltOn = z.infer<typeof HaltOnSchema>;

/**
 * A declarative fleet upgrade (issue 19): the clusters it covers, the version per provider, and
 * the waves they move in. Nothing about its progress is stored; each run judges it from the
 * clusters' upgrade snapshots (shared/rollout/judgeRollout.ts).
 */
export const RolloutSchema = strictObject({
  name: nameSchema().describe("The rollout's name, unique in the config."),
  target: RolloutTargetSchema.describe("The version to move each provider's clusters to."),
  clusters: ClusterSelectorSchema.prefault({}).describe(
    "Which clusters of the inventory this rollout covers, by label.",
  ),
  waves: z
    .array(WaveSchema)
    .min(1)
    .max(MAX_WAVES)
    .describe(`The stages, in order (1 to ${MAX_WAVES}).`),
  haltOn: HaltOnSchema.prefault({}).describe("When the rollout stops starting upgrades."),
});
export type Rollout = z.infer<typeof RolloutSchema>;
