import type { Upgrade } from "../model/snapshot.ts";
import { ackTaskPhase } from "./ackMap.ts";
import type { AckTaskSummary } from "./ackSchema.ts";
import { parseAckTime } from "./ackTime.ts";

const TERMINAL = new Set(["succeeded", "failed", "cancelled"]);

/**
 * A past `cluster_upgrade` task as DescribeClusterTasks lists it: `task_id`, `state`, `created`,
 * `updated` and `error` (docs/cloud-apis.md, "Status page and ledger"). The list carries no
 * versions and no stages, and reading DescribeTaskInfo for every old task would cost a request
 * each per run, so a past ACK upgrade has its times and outcome only. `updated` is its finish
 * once the state is terminal, as for the current task. Throws `TimestampError` for a time in no
 * documented form (`pastUpgrades` then leaves the task out).
 */
export function mapAckSummary(task: AckTaskSummary): Upgrade {
  const phase = ackTaskPhase(task.state ?? "");
  const message = task.error?.message;
  return {
    id: task.task_id,
    phase,
    rawPhase: task.state ?? "",
    progress: phase === "succeeded" ? 100 : null,
    fromVersion: null,
    toVersion: null,
    createdAt: parseAckTime(task.created),
    finishedAt: TERMINAL.has(phase) ? parseAckTime(task.updated) : null,
    updatedAt: parseAckTime(task.updated),
    steps: [],
    message: typeof message === "string" && message !== "" ? message : null,
    source: "ack-task",
    workflowId: null,
    workflowPhase: null,
  };
}
