import * as z from "zod";

/** Documented task phases (seed 002, API.md). Anything else is a parse error, not a guess. */
export const CceTaskPhaseSchema = z.enum([
  "Init",
  "Queuing",
  "Running",
  "Pause",
  "Success",
  "Failed",
]);

/** The docs type progress as a string; accept a number too, as JSON encoders differ. */
const Progress = z.union([z.string(), z.number()]).optional();

export const CceTaskSchema = z.object({
  metadata: z.object({
    uid: z.string().min(1),
    creationTimestamp: z.string(),
    updateTimestamp: z.string().optional(),
  }),
  spec: z
    .object({ version: z.string().optional(), targetVersion: z.string().optional() })
    .optional(),
  status: z.object({
    phase: CceTaskPhaseSchema,
    progress: Progress,
    completionTime: z.string().optional(),
  }),
});
export type CceTask = z.infer<typeof CceTaskSchema>;

export const CceTaskListSchema = z.object({ items: z.array(CceTaskSchema).default([]) });

export const CcePointSchema = z.object({
  taskType: z.string(),
  taskID: z.string().optional(),
  status: z.string().optional(),
  startTimeStamp: z.string().optional(),
  endTimeStamp: z.string().optional(),
  expireTimeStamp: z.string().optional(),
});

export const CceWorkflowSchema = z.object({
  metadata: z.object({
    uid: z.string().min(1),
    creationTimestamp: z.string().optional(),
    updateTimestamp: z.string().optional(),
  }),
  spec: z
    .object({
      clusterID: z.string().optional(),
      clusterVersion: z.string().optional(),
      targetVersion: z.string().optional(),
    })
    .optional(),
  status: z.object({
    phase: z.enum(["Init", "Running", "Pending", "Success", "Cancel"]).optional(),
    pointStatuses: z.array(CcePointSchema).default([]),
  }),
});
export type CceWorkflow = z.infer<typeof CceWorkflowSchema>;

export const CceWorkflowListSchema = z.object({ items: z.array(CceWorkflowSchema).default([]) });
