import * as z from "zod";
import { listForm } from "./parse.ts";

/*
 * CCE and CCE Autopilot bodies, as documented (seeds 001-003) and as the official Go SDK models
 * them (huaweicloud-sdk-go-v3 services/cce/v3/model, docs/cloud-apis.md). Status strings are kept
 * as the cloud sent them: an undocumented value is read (and mapped to phase `unknown` or kept
 * raw on a step), never a parse error. Only what the product cannot do without (a task's uid,
 * creation time and phase; ShowCluster's phase) is required.
 */

/** The task phases the docs list (seed 002 Table 6); any other string is read as `unknown`. */
export const CCE_TASK_PHASES = [
  "Init",
  "Queuing",
  "Running",
  "Pause",
  "Success",
  "Failed",
] as const;

/** A string, or absent / null (Go's `omitempty` pointers), read as undefined. */
const Text = z
  .string()
  .nullish()
  .transform((v) => v ?? undefined);

/** The docs and the SDK type progress as a string (`"0.00"`); accept a number too. */
const Progress = z.union([z.string(), z.number()]).nullish();

export const CceTaskSchema = z.object({
  metadata: z.object({
    uid: z.string().min(1),
    creationTimestamp: z.string(),
    updateTimestamp: Text,
  }),
  spec: z.object({ version: Text, targetVersion: Text }).nullish(),
  status: z.object({
    phase: z.string(),
    progress: Progress,
    completionTime: Text,
  }),
});
export type CceTask = z.infer<typeof CceTaskSchema>;

export const CceTaskListSchema = z.object({ items: listForm(CceTaskSchema) });

/** One step of the workflow (seed 001 Table 9, SDK `PointStatus`). */
export const CcePointSchema = z.object({
  taskType: z
    .string()
    .nullish()
    .transform((v) => v ?? ""),
  taskID: Text,
  status: Text,
  startTimeStamp: Text,
  endTimeStamp: Text,
  expireTimeStamp: Text,
});

/**
 * One path between two steps (seed 001 Table 10, SDK `LineStatus`). `critical` is a string in
 * both ("whether it is a key path"); a boolean is accepted too.
 */
export const CceLineSchema = z.object({
  startPoint: z.object({ taskType: Text }).nullish(),
  endPoint: z.object({ taskType: Text }).nullish(),
  critical: z.union([z.string(), z.boolean()]).nullish(),
});
export type CceLine = z.infer<typeof CceLineSchema>;

export const CceWorkflowSchema = z.object({
  metadata: z
    .object({ uid: Text, creationTimestamp: Text, updateTimestamp: Text })
    .nullish()
    .transform(
      (m) => m ?? { uid: undefined, creationTimestamp: undefined, updateTimestamp: undefined },
    ),
  spec: z.object({ clusterID: Text, clusterVersion: Text, targetVersion: Text }).nullish(),
  status: z
    .object({
      phase: Text,
      pointStatuses: listForm(CcePointSchema),
      lineStatuses: listForm(CceLineSchema),
    })
    .nullish()
    .transform((s) => s ?? { phase: undefined, pointStatuses: [], lineStatuses: [] }),
});
export type CceWorkflow = z.infer<typeof CceWorkflowSchema>;

export const CceWorkflowListSchema = z.object({ items: listForm(CceWorkflowSchema) });

/**
 * ShowCluster (SDK `ShowClusterResponse`: `ClusterSpec.version`, `ClusterStatus.phase`, `reason`,
 * `message`; Autopilot `AutopilotClusterStatus` alike). Read only when the upgrade APIs are refused.
 */
export const CceClusterSchema = z.object({
  spec: z.object({ version: Text }).nullish(),
  status: z.object({ phase: z.string().min(1), reason: Text, message: Text }),
});
export type CceCluster = z.infer<typeof CceClusterSchema>;
