import * as z from "zod";
import { TimestampError } from "../../errors.ts";
import type { Cloud } from "../../model/cluster.ts";
import { parseAckTime } from "../ackTime.ts";
import { listForm } from "../parse.ts";
import { parseHuaweiTime, parseIsoOffsetTime } from "../time.ts";

/**
 * One of the cloud's pre-upgrade checks, as read: CCE / Autopilot a precheck task (ListPreCheckTasks,
 * ShowPreCheck), ACK a cluster check of type `ClusterUpgrade` (ListClusterChecks, GetClusterCheck).
 * Status strings are kept as the cloud sent them; the verdict is `judgePrecheck`'s. Times are
 * ISO 8601 UTC.
 */
export interface PrecheckRecord {
  cloud: Cloud;
  /** CCE `metadata.uid`, ACK `check_id`. */
  id: string;
  /** CCE `spec.targetVersion`; null when the record names none (ACK's never does). */
  targetVersion: string | null;
  /** CCE `status.phase`, ACK `status`; "" when absent. */
  status: string;
  /** CCE `metadata.creationTimestamp`, ACK `created_at`. */
  createdAt: string | null;
  /** CCE `metadata.updateTimestamp` (CCE records no finish time); null for ACK. */
  updatedAt: string | null;
  /** ACK `finished_at`; null for CCE. */
  finishedAt: string | null;
  /** CCE `status.expireTimeStamp`, "检查结果过期时间" (when the result expires); null for ACK. */
  expiresAt: string | null;
  /** CCE `status.message`, ACK `message`. */
  message: string | null;
  /**
   * The check items that did not pass, one line each (raw provider text, bounded later); null
   * when this answer does not carry the items (ACK's list: GetClusterCheck has them).
   */
  findings: string[] | null;
}

const Text = z
  .string()
  .nullish()
  .transform((v) => v ?? undefined);

/** go-sdk `model_pre_check_item_status.go`: name, kind (Exception/Risk), group, level, phase, message. */
const CceItemSchema = z.looseObject({
  name: Text,
  kind: Text,
  group: Text,
  level: Text,
  phase: Text,
  message: Text,
});
type CceItem = z.infer<typeof CceItemSchema>;

/** go-sdk `model_cluster_check_status.go` / `model_addon_check_status.go`: phase + itemsStatus[]. */
const CceCheckStatusSchema = z
  .looseObject({ phase: Text, itemsStatus: listForm(CceItemSchema) })
  .nullish();

/**
 * A precheck task (go-sdk `model_precheck_cluster_task.go`, `model_show_pre_check_response.go`):
 * `metadata{uid, creationTimestamp, updateTimestamp}` (`model_precheck_task_metadata.go`),
 * `spec{clusterID, clusterVersion, targetVersion}` (`model_precheck_spec.go`) and
 * `status{phase, expireTimeStamp, message, clusterCheckStatus, addonCheckStatus,
 * nodeCheckStatus{nodeStageStatus[]{nodeInfo, itemsStatus[]}}}` (`model_precheck_status.go`,
 * `model_node_check_status.go`, `model_node_stage_status.go`). Every field is optional in the SDK;
 * only the uid is required here, so the record can be named.
 */
export const CcePrecheckSchema = z.object({
  metadata: z.object({
    uid: z.string().min(1),
    creationTimestamp: Text,
    updateTimestamp: Text,
  }),
  spec: z.looseObject({ targetVersion: Text }).nullish(),
  status: z
    .looseObject({
      phase: Text,
      expireTimeStamp: Text,
      message: Text,
      clusterCheckStatus: CceCheckStatusSchema,
      addonCheckStatus: CceCheckStatusSchema,
      nodeCheckStatus: z
        .looseObject({
          phase: Text,
          nodeStageStatus: listForm(
            z.looseObject({
              nodeInfo: z.looseObject({ name: Text, uid: Text }).nullish(),
              itemsStatus: listForm(CceItemSchema),
            }),
          ),
        })
        .nullish(),
    })
    .nullish(),
});
export type CcePrecheck = z.infer<typeof CcePrecheckSchema>;

/** ListPreCheckTasks (go-sdk `model_list_pre_check_tasks_response.go`): `items[]`. */
export const CcePrecheckListSchema = z.object({ items: listForm(CcePrecheckSchema) });

/** A CCE time in any form a source shows: Go's `time.String()` (API.md), or ISO 8601 with an offset. */
function cceTime(value: string | undefined): string | null {
  if (value === undefined || value.trim() === "") return null;
  try {
    return parseHuaweiTime(value);
  } catch (error) {
    if (!(error instanceof TimestampError)) throw error;
    return parseIsoOffsetTime(value);
  }
}

/**
 * The items that did not pass: every item whose `phase` is not `Success` (the documented item
 * phases are Init, Running, Success, Failed). One line each:
 * `<group> <name> [<level>, <kind>]: <message>`, node items naming their node.
 */
function cceFindings(status: NonNullable<CcePrecheck["status"]>): string[] {
  const line = (item: CceItem, where: string | undefined): string => {
    const tags = [item.level, item.kind].filter(Boolean).join(", ");
    const head = [item.group ?? where, item.name ?? "(unnamed check)"].filter(Boolean).join(" ");
    return `${head}${tags ? ` [${tags}]` : ""}${item.phase ? ` ${item.phase}` : ""}: ${item.message ?? "no message"}`;
  };
  const failed = (item: CceItem) => item.phase !== "Success";
  const lines: string[] = [];
  for (const item of status.clusterCheckStatus?.itemsStatus ?? []) {
    if (failed(item)) lines.push(line(item, "cluster"));
  }
  for (const item of status.addonCheckStatus?.itemsStatus ?? []) {
    if (failed(item)) lines.push(line(item, "add-on"));
  }
  for (const stage of status.nodeCheckStatus?.nodeStageStatus ?? []) {
    const node = stage.nodeInfo?.name ?? stage.nodeInfo?.uid;
    for (const item of stage.itemsStatus) {
      if (failed(item)) lines.push(`${node ? `node ${node}: ` : ""}${line(item, "node")}`);
    }
  }
  return lines;
}

/** A CCE / Autopilot precheck task as a record. A time no source shows throws TimestampError. */
export function mapCcePrecheck(task: CcePrecheck): PrecheckRecord {
  const status = task.status ?? undefined;
  return {
    cloud: "huawei",
    id: task.metadata.uid,
    targetVersion: task.spec?.targetVersion ?? null,
    status: status?.phase ?? "",
    createdAt: cceTime(task.metadata.creationTimestamp),
    updatedAt: cceTime(task.metadata.updateTimestamp),
    finishedAt: null,
    expiresAt: cceTime(status?.expireTimeStamp),
    message: status?.message ?? null,
    findings: status ? cceFindings(status) : [],
  };
}

/**
 * ListClusterChecks (ts-sdk cs-20151215 `ListClusterChecksResponseBody.ts`): `checks[]` with
 * `check_id`, `type`, `status` (example `Succeeded`), `message`, `created_at`, `finished_at`
 * (ISO 8601, example `2025-04-11T02:56:18.881054031Z`).
 */
const AckCheckSummarySchema = z.looseObject({
  check_id: z.string().min(1),
  type: Text,
  status: Text,
  message: Text,
  created_at: Text,
  finished_at: Text,
});
export const AckCheckListSchema = z.object({ checks: listForm(AckCheckSummarySchema) });

/**
 * GetClusterCheck (ts-sdk `GetClusterCheckResponseBody.ts`): the list's fields plus
 * `check_items`, "The check items": a map of string to a list of objects whose fields no source
 * documents.
 */
export const AckCheckSchema = AckCheckSummarySchema.extend({
  check_items: z
    .record(z.string(), listForm(z.record(z.string(), z.unknown())))
    .nullish()
    .catch(undefined),
});
export type AckCheck = z.infer<typeof AckCheckSchema>;

/** Words that mark a passing ACK check item (ASSUMPTION: no source shows an item's fields). */
const ACK_PASSING = new Set(["pass", "passed", "success", "succeeded", "normal", "ok", "info"]);
const ACK_VERDICT_KEYS = ["status", "result", "level", "state"];
const ACK_NAME_KEYS = ["name", "item_name", "display_name", "check_item", "type"];
const ACK_TEXT_KEYS = ["message", "description", "desc", "advice", "suggestion"];

const firstText = (item: Record<string, unknown>, keys: readonly string[]): string | undefined => {
  for (const key of keys) {
    for (const k of [key, key.charAt(0).toUpperCase() + key.slice(1)]) {
      const v = item[k];
      if (typeof v === "string" && v.trim() !== "") return v;
    }
  }
  return undefined;
};

/**
 * ACK check items that did not pass. ASSUMPTION (no source documents an item): an item passes
 * when its `status`, `result`, `level` or `state` says so (`ACK_PASSING`); any other item, one
 * with none of these fields included, is a finding, named by its group and its `name` and told
 * by its `message` / `description` (or its JSON, when it has neither).
 */
export function ackFindings(items: AckCheck["check_items"]): string[] {
  const lines: string[] = [];
  for (const [group, list] of Object.entries(items ?? {})) {
    for (const item of list) {
      const verdict = firstText(item, ACK_VERDICT_KEYS);
      if (verdict !== undefined && ACK_PASSING.has(verdict.toLowerCase())) continue;
      const name = firstText(item, ACK_NAME_KEYS) ?? "(unnamed check)";
      const text = firstText(item, ACK_TEXT_KEYS) ?? JSON.stringify(item);
      lines.push(`${group} ${name}${verdict ? ` [${verdict}]` : ""}: ${text}`);
    }
  }
  return lines;
}

/** An ACK cluster check from the list, as a record: the list carries no items (`findings` null). */
export function mapAckCheck(check: z.infer<typeof AckCheckSummarySchema>): PrecheckRecord {
  return {
    cloud: "alibaba",
    id: check.check_id,
    targetVersion: null,
    status: check.status ?? "",
    createdAt: parseAckTime(check.created_at),
    updatedAt: null,
    finishedAt: parseAckTime(check.finished_at),
    expiresAt: null,
    message: check.message ?? null,
    findings: null,
  };
}

/** GetClusterCheck's answer as a record, its findings from `check_items`. */
export const mapAckCheckDetail = (check: AckCheck): PrecheckRecord => ({
  ...mapAckCheck(check),
  findings: ackFindings(check.check_items),
});
