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
    /**
     * When the upgrade starts, from the scenario's `start` (negative: it happened before), or
     * `onRequest`: when a client starts it with UpgradeCluster to `targetVersion` (a rollout).
     */
    startAt: z.union([DurationSchema, z.literal("onRequest")]),
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
    /**
     * ACK starts an add-on upgrade task of its own right after a cluster upgrade succeeds
     * (auto-upgrade policies, API.md): a `cluster_addon_upgrade` task 30s after the success,
     * running for 3m. `false` leaves the cluster upgrade the cluster's last task.
     */
    ackAddonUpgradeAfter: z.boolean().default(true),
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

/**
 * An ACK task other than the cluster upgrade (add-on, node-pool, runtime ...), listed by
 * DescribeClusterTasks beside the upgrade and readable with DescribeTaskInfo. CancelTask
 * cancels it while it runs; nothing else acts on it.
 */
export const AckOtherTaskSchema = z
  .object({
    taskType: z.string().regex(/^[a-z][a-z0-9_]*$/),
    /** From the scenario's `start`; negative for tasks that ran before it. */
    startAt: DurationSchema,
    duration: NonNegativeDuration.default(180_000),
    outcome: z.enum(["success", "fail"]).default("success"),
  })
  .strict();
export type AckOtherTask = z.infer<typeof AckOtherTaskSchema>;

/** One check item a failing precheck reports. */
export const PrecheckFindingSchema = z
  .object({
    name: z.string().min(1),
    message: z.string().min(1),
    /** CCE `group` (LimitCheck, MasterCheck, NodeCheck, AddonCheck); ACK's `check_items` key. */
    group: z.string().min(1).default("LimitCheck"),
    /** CCE `level` (Info, Warning, Fatal); ACK's item `level`. */
    level: z.string().min(1).default("Fatal"),
  })
  .strict();

/**
 * The cloud's pre-upgrade check of this cluster (CCE / Autopilot CreatePreCheck, ACK
 * RunClusterCheck): each one a client creates runs for `duration`, then passes, or fails with
 * `findings`. `status` reports an undocumented status string once finished instead (a test of
 * the client's reading). Without this block every precheck passes after 30s.
 */
export const PrecheckScriptSchema = z
  .object({
    duration: NonNegativeDuration.default(30_000),
    result: z.enum(["pass", "fail"]).default("pass"),
    findings: z.array(PrecheckFindingSchema).default([
      {
        name: "NodeOSCheck",
        message: "node OS is not supported by the target version",
        group: "NodeCheck",
        level: "Fatal",
      },
    ]),
    status: z.string().min(1).optional(),
  })
  .strict();
export type PrecheckScript = z.infer<typeof PrecheckScriptSchema>;

/**
 * An upgrade the cluster finished before the scenario (or during it, before its current one):
 * listed by ListUpgradeClusterTasks / ListUpgradeWorkFlows (CCE, with PreCheck, Snapshot and
 * Cluster steps taking a tenth, a tenth and the rest of `took`) and DescribeClusterTasks (ACK,
 * `cluster_upgrade`), for the ledger and the ETA. Listed only once finished.
 */
export const PastUpgradeSchema = z
  .object({
    startAt: DurationSchema,
    took: NonNegativeDuration,
    outcome: z.enum(["success", "failed", "cancelled"]).default("success"),
    from: z.string().min(1),
    to: z.string().min(1),
  })
  .strict();
export type PastUpgrade = z.infer<typeof PastUpgradeSchema>;

/**
 * ACK answer shapes a source shows besides the documented one, to test readers against:
 * - `lists: loose`: an empty list (tasks, stages, events) comes as `null`, a one-item list as
 *   the bare object;
 * - `countsAsStrings`: `page_info` numbers as strings (`"10"`);
 * - `ignoreTaskTypeFilter`: DescribeClusterTasks lists every type whatever `task_type` asks;
 * - `legacyOnly`: the upgrade is not in the task API (an upgrade older than it), so only
 *   GetUpgradeStatus shows it;
 * - `legacyFailure: nested`: GetUpgradeStatus shows a failure in the older form, `upgrade_step:
 *   pause` with `upgrade_task.upgrade_status.failed: "true"` (denverdino/aliyungo);
 * - `taskActionsNotServed`: PauseTask, ResumeTask and CancelTask answer 404
 *   `InvalidApi.NotFound`, as a gateway does for an operation it does not serve.
 */
export const AckShapesSchema = z
  .object({
    lists: z.enum(["array", "loose"]).default("array"),
    countsAsStrings: z.boolean().default(false),
    ignoreTaskTypeFilter: z.boolean().default(false),
    legacyOnly: z.boolean().default(false),
    legacyFailure: z.enum(["documented", "nested"]).default("documented"),
    taskActionsNotServed: z.boolean().default(false),
  })
  .strict();
export type AckShapes = z.infer<typeof AckShapesSchema>;
/** The documented shapes: what a cluster without `ackShapes` answers with. */
export const DOCUMENTED_ACK_SHAPES: AckShapes = AckShapesSchema.parse({});

export const RateLimitSchema = z
  .object({
    /** Requests per second per access key, on the simulator clock. */
    requestsPerSecond: z.number().positive(),
    burst: z.number().int().positive().optional(),
  })
  .strict();
export type RateLimit = z.infer<typeof RateLimitSchema>;

/**
 * CCE and CCE Autopilot only: answers the docs do not show but a real account can give
 * (issue 13), so the adapters meet them in tests. Defaults play the documented happy path.
 */
export const CceVarietySchema = z
  .object({
    /**
     * How the account answers the upgrade APIs (tasks, workflows, postcheck, continue, pause,
     * retry), which Huawei opens on request; ShowCluster is always served. `notFound`: the
     * gateway's 404 APIG.0101 "API does not exist"; `forbidden`: 403 with CCE's body and code
     * CCE.01403001; `noWorkflows`: tasks served, the workflow operations 404. Which of these a
     * real account gets is not documented (all are assumptions).
     */
    upgradeApis: z.enum(["open", "notFound", "forbidden", "noWorkflows"]).default("open"),
    /**
     * `compact`: every list (task and workflow `items`, `pointStatuses`, `lineStatuses`) comes as
     * `null` when empty and as the object itself when it holds one, as the Go SDK models the
     * workflow list (`Items *UpgradeWorkFlow`). `array`: as the API pages show.
     */
    lists: z.enum(["array", "compact"]).default("array"),
    /** An undocumented value the task's phase and its Cluster step's status show instead of Running. */
    undocumentedPhase: z.string().min(1).optional(),
    /**
     * When the workflow's `metadata.updateTimestamp` moves: `everyChange` (a step's end, a cancel,
     * a postcheck), or `stepStart` as seed 001's own answer to a cancel shows it (the start of the
     * newest started step: not on a failure, not on the cancel).
     */
    workflowUpdated: z.enum(["everyChange", "stepStart"]).default("everyChange"),
  })
  .strict();
export type CceVariety = z.infer<typeof CceVarietySchema>;

export const ClusterSchema = z
  .object({
    provider: ProviderSchema,
    region: z.string().min(1),
    projectId: z.string().min(1).optional(),
    clusterId: z.string().min(1),
    name: z.string().min(1),
    version: z.string().min(1),
    targetVersion: z.string().min(1).optional(),
    /**
     * The access key of the cluster's owner account: the list operations (ListClusters,
     * DescribeClustersV1) show the cluster only to this key. Without it, every key sees it.
     */
    credentials: z.string().min(1).optional(),
    /** Resource tags: CCE `spec.clusterTags`, ACK `tags`. */
    tags: z.record(z.string().min(1), z.string()).default({}),
    /**
     * The cluster's kind as the list reports it: CCE `spec.type` (default VirtualMachine), ACK
     * `cluster_type` (default ManagedKubernetes).
     */
    clusterType: z.string().min(1).optional(),
    /**
     * When the cluster was created, from `start` (default 90 days before it). Before then it
     * does not exist: it is not listed and its APIs answer not found.
     */
    createdAt: DurationSchema.optional(),
    /** When the cluster was deleted, from `start`: from then on it is not listed, and not found. */
    deletedAt: DurationSchema.optional(),
    upgrade: UpgradeScriptSchema.optional(),
    /** ACK: the cluster's other tasks, interleaved with its upgrade. */
    ackTasks: z.array(AckOtherTaskSchema).optional(),
    /** Upgrades finished before the scripted one: the cluster's history. */
    pastUpgrades: z.array(PastUpgradeSchema).optional(),
    /** ACK: answer shapes other than the documented one (see `AckShapesSchema`). */
    ackShapes: AckShapesSchema.optional(),
    faults: z.array(FaultSchema).default([]),
    cce: CceVarietySchema.optional(),
    /** The cloud's pre-upgrade check (`PrecheckScriptSchema`); default: passes after 30s. */
    precheck: PrecheckScriptSchema.optional(),
  })
  .strict()
  .refine((c) => c.provider === "ack" || c.projectId !== undefined, {
    message: "CCE and CCE Autopilot clusters need a projectId",
    path: ["projectId"],
  })
  .refine((c) => c.provider !== "ack" || c.cce === undefined, {
    message: "`cce` options apply to CCE and CCE Autopilot clusters only",
    path: ["cce"],
  })
  .refine((c) => c.provider === "ack" || (c.ackTasks === undefined && c.ackShapes === undefined), {
    message: "only ACK clusters have ackTasks and ackShapes",
    path: ["ackTasks"],
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
    /**
     * The `task_type` ACK reports for cluster upgrade tasks: `cluster_upgrade` (the cs20151215
     * SDKs' DescribeEventsRequest type list). Another value plays a renamed type.
     */
    ackUpgradeTaskType: z.string().min(1).default("cluster_upgrade"),
    rateLimit: RateLimitSchema.optional(),
    faults: z.array(FaultSchema).default([]),
    clusters: z.array(ClusterSchema),
  })
  .strict();
export type Scenario = z.infer<typeof ScenarioSchema>;
export type ScenarioInput = z.input<typeof ScenarioSchema>;
