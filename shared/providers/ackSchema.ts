import * as z from "zod";
import { lenientCount, oneOrMany } from "./oneOrMany.ts";

/*
 * ACK (cs 2015-12-15) answers, read as loosely as the sources allow and no looser. Field lists
 * come from the official SDK's models (`@alicloud/cs20151215` 7.2.0, `src/models/*`) and the
 * API pages; docs/cloud-apis.md, "Alibaba Cloud ACK", says which source shows what. State
 * strings are read as strings: the mapping turns a value no source documents into phase
 * `unknown`, so a new value never fails the read.
 */

const optionalText = z.string().nullish();

const ErrorSchema = z
  .object({ code: z.union([z.string(), z.number()]).nullish(), message: optionalText })
  .nullish();

/**
 * DescribeClusterTasks. `tasks` lists every cluster task (add-on, node-pool, runtime ...), so
 * an entry is only read in full once it is known to be the cluster upgrade: an odd add-on task
 * must not fail the read of the upgrade.
 */
export const AckTaskListSchema = z.object({
  tasks: oneOrMany(z.record(z.string(), z.unknown())),
  page_info: z
    .object({ page_size: lenientCount, page_number: lenientCount, total_count: lenientCount })
    .nullish()
    .catch(undefined),
});

/** One DescribeClusterTasks entry of the upgrade's type. */
export const AckTaskSummarySchema = z.object({
  task_id: z.string().min(1),
  task_type: z.string(),
  state: optionalText,
  created: optionalText,
  updated: optionalText,
  error: ErrorSchema,
});
export type AckTaskSummary = z.infer<typeof AckTaskSummarySchema>;

export const AckStageSchema = z.object({
  state: optionalText,
  start_time: optionalText,
  end_time: optionalText,
  message: optionalText,
});

/** A task event; `timestamp` is epoch milliseconds, a string in the SDK's example. */
export const AckEventSchema = z.object({
  level: optionalText,
  reason: optionalText,
  message: optionalText,
  timestamp: z.union([z.string(), z.number()]).nullish(),
});
export type AckEvent = z.infer<typeof AckEventSchema>;

/**
 * DescribeTaskInfo. `state` is required (without it there is nothing to read) but may be any
 * string: running, fail/failed, success, paused, canceled are documented (see ackMap.ts).
 */
export const AckTaskInfoSchema = z.object({
  task_id: z.string().min(1),
  task_type: optionalText,
  state: z.string(),
  created: optionalText,
  updated: optionalText,
  current_stage: optionalText,
  stages: oneOrMany(AckStageSchema),
  events: oneOrMany(AckEventSchema),
  parameters: z.record(z.string(), z.unknown()).nullish(),
  error: ErrorSchema,
});
export type AckTaskInfo = z.infer<typeof AckTaskInfoSchema>;

/** `"true"`, `true`: the older form's flags are strings in the Go SDK (`Failed string`), or booleans. */
const flag = z
  .union([z.boolean(), z.string()])
  .nullish()
  .transform((v) => v === true || (typeof v === "string" && v.toLowerCase() === "true"));

/**
 * GetUpgradeStatus (seed 004): `status`, `upgrade_step`, `upgrade_task{status, message}`.
 * The older failure form (denverdino/aliyungo `cs/kubernets_cluster.go`, `UpgradeTask`) nests
 * `upgrade_status{state, phase, failed, is_canceled, events[]}` inside `upgrade_task`; with
 * `upgrade_step: pause` and `failed: "true"` the upgrade failed (terraform-provider-alicloud's
 * earlier `WaitForUpgradeCluster`). Status strings are any string; see `mapAckLegacy`.
 */
export const AckUpgradeStatusSchema = z.object({
  error_message: optionalText,
  precheck_report_id: optionalText,
  status: optionalText,
  upgrade_step: optionalText,
  upgrade_task: z
    .object({
      status: optionalText,
      message: optionalText,
      upgrade_status: z
        .object({
          state: optionalText,
          phase: optionalText,
          failed: flag,
          is_canceled: flag,
          /** Go's `Event` has no JSON tags, so its keys may come capitalised (`Message`). */
          events: oneOrMany(z.object({ message: optionalText, Message: optionalText })).catch([]),
        })
        .nullish(),
    })
    .nullish(),
});
export type AckUpgradeStatus = z.infer<typeof AckUpgradeStatusSchema>;
