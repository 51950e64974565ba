import { boundedString, MAX_CHARS } from "./bounds.ts";

/**
 * Every ACK task type a source documents: the `type` list of the cs20151215 SDKs'
 * DescribeEventsRequest (`@alicloud/cs20151215` 7.2.0, `src/models/DescribeEventsRequest.ts`).
 * DescribeClusterTasks lists tasks of all of them; the control-plane upgrade is `cluster_upgrade`.
 */
export const ACK_TASK_TYPES: readonly string[] = [
  "cluster_create",
  "cluster_scaleout",
  "cluster_attach",
  "cluster_delete",
  "cluster_upgrade",
  "cluster_migrate",
  "cluster_node_delete",
  "cluster_node_drain",
  "cluster_modify",
  "cluster_configuration_modify",
  "cluster_addon_install",
  "cluster_addon_upgrade",
  "cluster_addon_uninstall",
  "runtime_upgrade",
  "nodepool_upgrade",
  "nodepool_update",
];

const EXACT = /^[a-z][a-z0-9_]*$/;

/**
 * Why a value cannot be an exact task type, or undefined when it can. Until 2026-11 the field
 * was a case-insensitive substring (default `upgrade`), which also matched add-on, node-pool and
 * runtime tasks; a value written for that meaning (a part of a documented type, or not in
 * lowercase) would now silently match nothing, so it is refused with the migration instead.
 */
export function ackUpgradeTaskTypeProblem(value: string): string | undefined {
  if (ACK_TASK_TYPES.includes(value)) return undefined;
  if (value === "") return 'must not be empty: remove it (the default is "cluster_upgrade")';
  const needle = value.toLowerCase();
  const partOf = ACK_TASK_TYPES.filter((t) => t.includes(needle));
  if (partOf.length > 0 || (needle !== value && EXACT.test(needle))) {
    const matched =
      partOf.length > 0 ? ` (it matched every task of type ${partOf.join(", ")})` : "";
    return `"${value}" is written for the old case-insensitive substring match${matched}; the field is now the exact task_type of the ACK cluster upgrade. Remove it (the default is "cluster_upgrade") or set an exact task_type such as "cluster_upgrade"`;
  }
  if (!EXACT.test(value)) {
    return `"${value}" is not a task_type: use lowercase letters, digits and _, e.g. "cluster_upgrade"`;
  }
  return undefined;
}

export const AckUpgradeTaskTypeSchema = boundedString(MAX_CHARS.word)
  .superRefine((value, ctx) => {
    // An over-long value is the bound's error alone: the problem text would echo all of it.
    if (value.length > MAX_CHARS.word) return;
    const problem = ackUpgradeTaskTypeProblem(value);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  })
  .default("cluster_upgrade")
  .describe(
    'ACK: the exact task_type of the cluster (control-plane) upgrade among the tasks DescribeClusterTasks lists. Until 2026-11 this was a substring match defaulting to "upgrade"; such values are refused with a migration message.',
  );
