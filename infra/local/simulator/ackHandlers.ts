import { ackPaging } from "./ackPaging.ts";
import {
  ackList,
  ackTaskState,
  renderAckCluster,
  renderAckTaskInfo,
  renderAckTaskSummary,
  renderAckUpgradeStatus,
  renderOtherTaskInfo,
  renderOtherTaskSummary,
} from "./ackRender.ts";
import { ackOtherTasks } from "./ackTasks.ts";
import type { HandlerInput, HandlerResult } from "./cceHandlers.ts";
import { finishedPastUpgrades, renderAckPastInfo, renderAckPastSummary } from "./pastUpgrades.ts";
import { createSimPrecheck, renderAckCheck } from "./precheck.ts";
import { acsError, alibabaError } from "./providerErrors.ts";
import { currentVersion, upgradeStateOf } from "./simCluster.ts";
import { beginUpgrade, startRefusal } from "./upgradeStart.ts";

export interface AckHandlerInput extends HandlerInput {
  requestId: string;
  taskType: string;
}

/**
 * ACK task and legacy upgrade APIs. Action calls answer 200 with no body, as documented.
 * DescribeClusterTasks lists the cluster upgrade beside the cluster's other tasks, newest
 * first, and honours the `task_type` filter unless the scenario says the server ignores it.
 */
export function handleAck(input: AckHandlerInput): HandlerResult {
  if (ACK_CHECK_OPERATIONS.has(input.operation)) return handleAckCheck(input);
  const { cluster, now, requestId } = input;
  const state = upgradeStateOf(cluster, now);
  const shapes = cluster.ackShapes;
  // An upgrade older than the task API (`legacyOnly`) shows only through GetUpgradeStatus.
  const taskState = shapes.legacyOnly ? null : state;
  const taskId = input.params.taskId;
  const other =
    taskId !== undefined && taskId !== cluster.ids.ackTask
      ? ackOtherTasks(cluster, state, now).find((t) => t.id === taskId)
      : undefined;
  const ok = (body?: unknown): HandlerResult => ({
    response: body === undefined ? { status: 200 } : { status: 200, body },
    mutated: false,
  });
  const refuse = (message: string): HandlerResult => ({
    response: acsError(400, "BadRequest", message, requestId),
    mutated: false,
  });
  const act = (kind: "pause" | "resume" | "cancelTask"): HandlerResult => {
    cluster.actions.push({ kind, at: now });
    return { response: { status: 200 }, mutated: true };
  };
  const past = finishedPastUpgrades(cluster, now).find((p) => p.ackTaskId === taskId);
  if (past && !shapes.legacyOnly) {
    return input.operation === "DescribeTaskInfo"
      ? ok(renderAckPastInfo(cluster, past, input.taskType))
      : refuse(`task ${past.ackTaskId} is finished and cannot be changed`);
  }
  const running = state?.status === "running" || state?.status === "stalled";
  if (shapes.taskActionsNotServed && /^(Pause|Resume|Cancel)Task$/.test(input.operation)) {
    return { response: alibabaError("noApi", requestId), mutated: false };
  }
  // A task-level call names a task: another task, the upgrade (when the task API shows it), or
  // one this cluster does not have now (not started yet, or never).
  if (taskId !== undefined) {
    if (other) {
      if (input.operation !== "DescribeTaskInfo") return actOnOther(input, other.state);
    } else if (taskId !== cluster.ids.ackTask || taskState === null) {
      return notFoundTask(input);
    }
  }
  switch (input.operation) {
    case "GetUpgradeStatus":
      return ok(renderAckUpgradeStatus(cluster, state));
    case "UpgradeCluster":
      return startAckUpgrade(input, state);
    case "DescribeClusterDetail":
      return ok(renderAckCluster(cluster, state));
    case "DescribeClusterTasks":
      return listTasks(input);
    case "DescribeTaskInfo":
      if (other) return ok(renderOtherTaskInfo(cluster, other));
      return taskState
        ? ok(renderAckTaskInfo(cluster, taskState, input.taskType))
        : notFoundTask(input);
    case "PauseTask":
    case "PauseClusterUpgrade":
      if (!running) return refuse("the upgrade task is not running and cannot be paused");
      return act("pause");
    case "ResumeTask":
    case "ResumeUpgradeCluster":
      if (state?.status !== "paused")
        return refuse("the upgrade task is not paused and cannot be resumed");
      return act("resume");
    case "CancelTask":
      // CancelTask cancels the execution of a task: a failed task has none left, and no
      // source shows it accepted (API.md). The deprecated cluster-level call below is older:
      // Terraform's earlier code sent it after a failure, so it stays accepted there.
      if (state?.status === "failed") {
        return refuse(
          `task ${cluster.ids.ackTask} is in state ${ackTaskState(cluster, state)} and cannot be canceled`,
        );
      }
      if (!running && state?.status !== "paused") {
        return refuse("the upgrade task is not running and cannot be canceled");
      }
      return act("cancelTask");
    case "CancelClusterUpgrade":
      if (!running && state?.status !== "paused" && state?.status !== "failed") {
        return refuse("the upgrade task is not running and cannot be canceled");
      }
      return act("cancelTask");
    default:
      return refuse(`unsupported operation ${input.operation}`);
  }
}

function listTasks(input: AckHandlerInput): HandlerResult {
  const { cluster, now, requestId } = input;
  const shapes = cluster.ackShapes;
  const paging = ackPaging(input.query, requestId);
  if ("refused" in paging) return paging.refused;
  const { pageSize, pageNumber } = paging;
  const state = upgradeStateOf(cluster, now);
  const tasks: { created: number; body: Record<string, unknown> }[] = [];
  if (state && !shapes.legacyOnly) {
    tasks.push({
      created: state.startedAt,
      body: renderAckTaskSummary(cluster, state, input.taskType),
    });
  }
  if (!shapes.legacyOnly) {
    for (const p of finishedPastUpgrades(cluster, now)) {
      tasks.push({ created: p.startMs, body: renderAckPastSummary(p, input.taskType) });
    }
  }
  for (const t of ackOtherTasks(cluster, state, now)) {
    tasks.push({ created: t.startMs, body: renderOtherTaskSummary(t) });
  }
  const wanted = input.query.task_type;
  const all = tasks
    .filter((t) => shapes.ignoreTaskTypeFilter || !wanted || t.body.task_type === wanted)
    .sort((a, b) => b.created - a.created)
    .map((t) => t.body);
  const count = (n: number) => (shapes.countsAsStrings ? String(n) : n);
  return {
    response: {
      status: 200,
      body: {
        tasks: ackList(all.slice((pageNumber - 1) * pageSize, pageNumber * pageSize), shapes),
        page_info: {
          page_size: count(pageSize),
          page_number: count(pageNumber),
          total_count: count(all.length),
        },
        requestId,
      },
    },
    mutated: false,
  };
}

/**
 * UpgradeCluster (ts-sdk `UpgradeClusterRequest.ts`): `next_version`, or the deprecated `version`
 * that older callers send in its place. Answers `{cluster_id, request_id, task_id}`
 * (`UpgradeClusterResponseBody.ts`). ASSUMPTION: both refusals are 400 `BadRequest` with a
 * message, as this simulator answers ACK's other state refusals; no page shows the real codes.
 */
function startAckUpgrade(
  input: AckHandlerInput,
  state: ReturnType<typeof upgradeStateOf>,
): HandlerResult {
  const { cluster, now, requestId } = input;
  let body: unknown;
  try {
    body = input.body.length === 0 ? {} : JSON.parse(input.body.toString("utf8"));
  } catch {
    body = null;
  }
  const fields = (body ?? {}) as Record<string, unknown>;
  const requested = fields.next_version ?? fields.version;
  if (typeof requested !== "string" || requested === "") {
    return {
      response: acsError(400, "InvalidParameter", "next_version is required", requestId),
      mutated: false,
    };
  }
  const refusal = startRefusal(cluster, state, requested);
  if (refusal) {
    return { response: acsError(400, "BadRequest", refusal.message, requestId), mutated: false };
  }
  beginUpgrade(cluster, now);
  return {
    response: {
      status: 200,
      body: {
        cluster_id: cluster.config.clusterId,
        request_id: requestId,
        task_id: cluster.ids.ackTask,
      },
    },
    mutated: true,
  };
}

/** CancelTask cancels another task while it runs; nothing else acts on one here. */
function actOnOther(input: AckHandlerInput, state: string): HandlerResult {
  const taskId = input.params.taskId ?? "";
  if (input.operation === "CancelTask" && state === "running") {
    input.cluster.ackOtherCancels.set(taskId, input.now);
    return { response: { status: 200 }, mutated: true };
  }
  return {
    response: acsError(
      400,
      "BadRequest",
      `task ${taskId} is in state ${state} and does not support ${input.operation}`,
      input.requestId,
    ),
    mutated: false,
  };
}

function notFoundTask(input: AckHandlerInput): HandlerResult {
  return {
    response: acsError(
      404,
      "ErrorTaskNotFound",
      `task ${input.params.taskId ?? ""} not found`,
      input.requestId,
    ),
    mutated: false,
  };
}

const ACK_CHECK_OPERATIONS = new Set(["RunClusterCheck", "ListClusterChecks", "GetClusterCheck"]);

/** The check types ts-sdk `ListClusterChecksRequest.ts` lists. */
const ACK_CHECK_TYPES = ["ClusterMigrate", "MasterUpgrade", "NodePoolUpgrade", "ClusterUpgrade"];

/**
 * ACK cluster checks (cs20151215): RunClusterCheck (POST `/clusters/{id}/checks`, body `type`
 * required, `target`, `options`; answers `check_id`, `request_id`), ListClusterChecks (GET, the
 * `type` and `target` query filters; newest first, ASSUMPTION: no source gives the order),
 * GetClusterCheck (GET `/clusters/{id}/checks/{check_id}`, with `check_items`).
 */
function handleAckCheck(input: AckHandlerInput): HandlerResult {
  const { cluster, now, requestId } = input;
  const ok = (body: unknown): HandlerResult => ({
    response: { status: 200, body },
    mutated: false,
  });
  switch (input.operation) {
    case "RunClusterCheck": {
      let body: unknown;
      try {
        body = input.body.length ? JSON.parse(input.body.toString("utf8")) : undefined;
      } catch {
        body = undefined;
      }
      const type = (body as { type?: unknown } | undefined)?.type;
      if (typeof type !== "string" || !ACK_CHECK_TYPES.includes(type)) {
        return {
          response: acsError(
            400,
            "InvalidParameter",
            `type must be one of ${ACK_CHECK_TYPES.join(", ")}`,
            requestId,
          ),
          mutated: false,
        };
      }
      const state = upgradeStateOf(cluster, now);
      const p = createSimPrecheck(cluster, now, {
        targetVersion: null,
        clusterVersion: currentVersion(cluster, state),
        type,
      });
      return {
        response: { status: 200, body: { check_id: p.id, request_id: requestId } },
        mutated: true,
      };
    }
    case "ListClusterChecks": {
      const type = input.query.type;
      const checks = [...cluster.prechecks]
        .reverse()
        .filter((p) => type === undefined || type === "" || p.type === type)
        .map((p) => renderAckCheck(cluster, p, now, false));
      return ok({ checks, request_id: requestId });
    }
    default: {
      const found = cluster.prechecks.find((p) => p.id === input.params.id);
      if (!found) {
        return {
          response: acsError(
            404,
            "ErrorCheckNotFound",
            `check ${input.params.id} not found`,
            requestId,
          ),
          mutated: false,
        };
      }
      return ok({ ...renderAckCheck(cluster, found, now, true), request_id: requestId });
    }
  }
}
