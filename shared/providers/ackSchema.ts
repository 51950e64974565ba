import * as z from "zod";

/**
 * DescribeTaskInfo documents `state` running, fail and success; the Terraform provider also
 * accepts `failed`. A cancelled task's state is undocumented: accept the spellings seen in
 * Alibaba's other APIs. Anything else is a parse error, not a guess.
 */
export const AckTaskStateSchema = z.enum([
  "running",
  "fail",
  "failed",
  "success",
  "canceled",
  "cancelled",
]);

const ErrorSchema = z
  .object({ code: z.union([z.string(), z.number()]).optional(), message: z.string().optional() })
  .nullish();

export const AckTaskSummarySchema = z.object({
  task_id: z.string().min(1),
  task_type: z.string().default(""),
  state: z.string(),
  created: z.string().optional(),
  updated: z.string().optional(),
  error: ErrorSchema,
});
export type AckTaskSummary = z.infer<typeof AckTaskSummarySchema>;

export const AckTaskListSchema = z.object({
  tasks: z
    .array(AckTaskSummarySchema)
    .nullish()
    .transform((t) => t ?? []),
  page_info: z
    .object({
      page_size: z.number().optional(),
      page_number: z.number().optional(),
      total_count: z.number().optional(),
    })
    .optional(),
});

export const AckStageSchema = z.object({
  state: z.string().optional(),
  start_time: z.string().optional(),
  end_time: z.string().optional(),
  message: z.string().optional(),
});

export const AckTaskInfoSchema = z.object({
  task_id: z.string().min(1),
  task_type: z.string().optional(),
  state: AckTaskStateSchema,
  created: z.string(),
  updated: z.string().optional(),
  current_stage: z.string().optional(),
  stages: z
    .array(AckStageSchema)
    .nullish()
    .transform((s) => s ?? []),
  parameters: z.record(z.string(), z.unknown()).nullish(),
  error: ErrorSchema,
});
export type AckTaskInfo = z.infer<typeof AckTaskInfoSchema>;

/** GetUpgradeStatus (seed 004). `status` may be empty when no upgrade ever ran. */
export const AckUpgradeStatusSchema = z.object({
  error_message: z.string().optional(),
  precheck_report_id: z.string().optional(),
  status: z.enum(["success", "fail", "pause", "running", ""]).optional(),
  upgrade_step: z
    .enum(["not_start", "prechecking", "upgrading", "pause", "success", ""])
    .optional(),
  upgrade_task: z
    .object({ status: z.string().optional(), message: z.string().optional() })
    .nullish(),
  /** An older form: `failed: "true"` with `upgrade_step: pause` meant failed (API.md). */
  upgrade_status: z.object({ failed: z.union([z.string(), z.boolean()]).optional() }).nullish(),
});
export type AckUpgradeStatus = z.infer<typeof AckUpgradeStatusSchema>;
