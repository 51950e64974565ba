import * as z from "zod";
import { ProviderSchema } from "../../../shared/model/cluster.ts";

const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/**
 * A duration as scenario authors write it: `90s`, `5m`, `2h`, `1d`, `-30d` (before the scenario
 * starts), or a plain number of seconds. Parsed to milliseconds.
 */
export const DurationSchema = z.union([
  z.number().transform((s) => Math.round(s * 1000)),
  z
    .string()
    .regex(/^-?\d+(\.\d+)?(ms|s|m|h|d)$/, "use a number and a unit: 500ms, 90s, 5m, 2h, 1d")
    .transform((text) => {
      const m = /^(-?\d+(?:\.\d+)?)(ms|s|m|h|d)$/.exec(text) as RegExpExecArray;
      return Math.round(Number(m[1]) * UNIT_MS[m[2] as keyof typeof UNIT_MS]);
    }),
]);

const NonNegativeDuration = DurationSchema.refine((ms) => ms >= 0, "must not be negative");

export const CredentialSchema = z
  .object({
    ak: z.string().min(1),
    sk: z.string().min(1),
  })
  .strict();
export type ScenarioCredential = z.infer<typeof CredentialSchema>;

/** One step of an upgrade's script. Open-ended `pause` and `stall` last until an action (or forever). */
export const PhaseSchema = z.discriminatedUnion("phase", [
  z.object({ phase: z.literal("precheck"), duration: NonNegativeDuration }).strict(),
  z.object({ phase: z.literal("snapshot"), duration: NonNegativeDuration }).strict(),
  z
    .object({
      phase: z.literal("upgrade"),
      duration: NonNegativeDuration,
      /** Progress (0..100) reached at the end of this phase, linearly from where it was. */
      progressTo: z.number().min(0).max(100).default(100),
    })
    .strict(),
  z.object({ phase: z.literal("pause"), duration: NonNegativeDuration.optional() }).strict(),
  z.object({ phase: z.literal("stall"), duration: NonNegativeDuration.optional() }).strict(),
  z.object({ phase: z.literal("success") }).strict(),
  z
    .object({
      phase: z.literal("failure"),
      message: z.string().default("upgrade cluster master failed"),
    })
    .strict(),
]);
export type Phase = z.infer<typeof PhaseSchema>;

export const UpgradeScriptSchema = z
  .object({
    /** When the upgrade starts, from the scenario's `start` (negative: it happened before). */
    startAt: DurationSchema,
    timeline: z.array(PhaseSchema).min(1),
    /** What happens after a CCE/Autopilot RetryUpgradeClusterTask on a failed task. */
    afterRetry: z
      .array(PhaseSchema)
      .min(1)
      .default([{ phase: "upgrade", duration: 300_000, progressTo: 100 }, { phase: "success" }]),
    /** The result a CreatePostCheck returns, as CCE spells it. */
    postcheck: z.enum(["Success", "Failed", "Error"]).default("Success"),
    /** ACK's failed task `state`: the docs say `fail`, one edition and Terraform say `failed`. */
    ackFailState: z.enum(["fail", "failed"]).default("fail"),
  })
  .strict();
export type UpgradeScript = z.infer<typeof UpgradeScriptSchema>;

export const FaultKindSchema = z.enum([
  "latency",
  "throttle",
  "forbidden",
  "refused",
  "keyRefused",
  "serverError",
  "reset",
  "timeout",
  "malformed",
  "missingFields",
]);
export type FaultKind = z.infer<typeof FaultKindSchema>;

/**
 * A fault that hits matching requests. With `count` it hits the first N matches; with
 * `probability` each match draws from the seeded generator; with neither it hits every match.
 */
export const FaultSchema = z
  .object({
    kind: FaultKindSchema,
    /** Operation name, e.g. `ListUpgradeClusterTasks` or `GetUpgradeStatus`. */
    operation: z.string().min(1).optional(),
    clusterId: z.string().min(1).optional(),
    provider: ProviderSchema.optional(),
    probability: z.number().min(0).max(1).optional(),
    count: z.number().int().min(1).optional(),
    latencyMs: z.number().int().min(0).default(1000),
    /**
     * HTTP status for `serverError` (500, 502, 503, 504), `throttle` (default 429; Alibaba
     * often throttles with 400), `forbidden` and `refused` (default 403) and `keyRefused`
     * (default 401 for Huawei, 404 for Alibaba's unknown key).
     */
    status: z.number().int().min(400).max(599).optional(),
    /**
     * The error code the cloud answers with, for `throttle` (default `APIG.0308` /
     * `Throttling.User`; e.g. `APIGW.0308`, `Throttling.Api`, `Rejected.Throttling`,
     * `ServiceUnavailable`), `forbidden` (a per-cluster permission 403: default `CCE.01403001` /
     * `Forbidden.RAM`; any other code plays an unrecognised 403), `refused` (a state refusal:
     * default `CCE.01403003`) and `keyRefused` (default `APIG.0301` /
     * `InvalidAccessKeyId.NotFound`; e.g. `APIGW.0301`, `SignatureDoesNotMatch`).
     */
    code: z.string().min(1).optional(),
    retryAfterSeconds: z.number().int().min(0).default(1),
  })
  .strict()
  .refine((f) => f.probability === undefined || f.count === undefined, {
    message: "give either probability or count, not both",
  });
export type Fault = z.infer<typeof FaultSchema>;

export const RateLimitSchema = z
  .object({
    /** Requests per second per access key, on the simulator clock. */
    requestsPerSecond: z.number().positive(),
    burst: z.number().int().positive().optional(),
  })
  .strict();
export type RateLimit = z.infer<typeof RateLimitSchema>;

export const ClusterSchema = z
  .object({
    provider: ProviderSchema,
    region: z.string().min(1),
    projectId: z.string().min(1).optional(),
    clusterId: z.string().min(1),
    name: z.string().min(1),
    version: z.string().min(1),
    targetVersion: z.string().min(1).optional(),
    /** The access key the cluster's owner account uses (for the CLI's summary and for scripts). */
    credentials: z.string().min(1).optional(),
    upgrade: UpgradeScriptSchema.optional(),
    faults: z.array(FaultSchema).default([]),
  })
  .strict()
  .refine((c) => c.provider === "ack" || c.projectId !== undefined, {
    message: "CCE and CCE Autopilot clusters need a projectId",
    path: ["projectId"],
  })
  .refine((c) => c.upgrade === undefined || c.targetVersion !== undefined, {
    message: "a cluster with an upgrade needs a targetVersion",
    path: ["targetVersion"],
  });
export type ScenarioCluster = z.infer<typeof ClusterSchema>;

export const ScenarioSchema = z
  .object({
    name: z.string().min(1),
    /** Scenario time zero: `startAt` offsets and the default clock start here. */
    start: z.iso.datetime({ offset: true }),
    seed: z.number().int().default(1),
    /** Default clock speed for the CLI (scenario ms per wall ms); `--speed` overrides it. */
    speed: z.number().positive().default(1),
    credentials: z.array(CredentialSchema).min(1),
    /**
     * Key pairs the simulator knows the access key of, but whose secret was rotated: requests
     * signed with them fail authentication (a bad-credentials cluster).
     */
    rejectedCredentials: z.array(CredentialSchema).default([]),
    /** The `task_type` ACK reports for upgrade tasks (undocumented upstream). */
    ackUpgradeTaskType: z.string().min(1).default("cluster_upgrade"),
    rateLimit: RateLimitSchema.optional(),
    faults: z.array(FaultSchema).default([]),
    clusters: z.array(ClusterSchema),
  })
  .strict();
export type Scenario = z.infer<typeof ScenarioSchema>;
export type ScenarioInput = z.input<typeof ScenarioSchema>;
