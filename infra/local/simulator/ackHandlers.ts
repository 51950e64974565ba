import {
  renderAckCluster,
  renderAckTaskInfo,
  renderAckTaskSummary,
  renderAckUpgradeStatus,
} from "./ackRender.ts";
import type { HandlerInput, HandlerResult } from "./cceHandlers.ts";
import { acsError } from "./providerErrors.ts";
import { upgradeStateOf } from "./simCluster.ts";

export interface AckHandlerInput extends HandlerInput {
  requestId: string;
  taskType: string;
}

/** ACK task and legacy upgrade APIs. Action calls answer 200 with no body, as documented. */
export function handleAck(input: AckHandlerInput): HandlerResult {
  const { cluster, now, requestId } = input;
  const state = upgradeStateOf(cluster, now);
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
  const running = state?.status === "running" || state?.status === "stalled";
  switch (input.operation) {
    case "GetUpgradeStatus":
      return ok(renderAckUpgradeStatus(cluster, state));
    case "DescribeClusterDetail":
      return ok(renderAckCluster(cluster, state));
    case "DescribeClusterTasks": {
      const pageSize = Number(input.query.page_size ?? 10);
      const pageNumber = Number(input.query.page_number ?? 1);
      if (
        !Number.isInteger(pageSize) ||
        pageSize < 1 ||
        !Number.isInteger(pageNumber) ||
        pageNumber < 1
      ) {
        return {
          response: acsError(
            400,
            "InvalidParameter",
            "page_size and page_number must be positive integers",
            requestId,
          ),
          mutated: false,
        };
      }
      const all = state ? [renderAckTaskSummary(cluster, state, input.taskType)] : [];
      return ok({
        tasks: all.slice((pageNumber - 1) * pageSize, pageNumber * pageSize),
        page_info: { page_size: pageSize, page_number: pageNumber, total_count: all.length },
        requestId,
      });
    }
    case "DescribeTaskInfo":
      if (!state) return notFoundTask(input);
      return ok(renderAckTaskInfo(cluster, state, input.taskType));
    case "PauseTask":
    case "PauseClusterUpgrade":
      if (!state && input.operation === "PauseTask") return notFoundTask(input);
      if (!running) return refuse("the upgrade task is not running and cannot be paused");
      return act("pause");
    case "ResumeTask":
    case "ResumeUpgradeCluster":
      if (!state && input.operation === "ResumeTask") return notFoundTask(input);
      if (state?.status !== "paused")
        return refuse("the upgrade task is not paused and cannot be resumed");
      return act("resume");
    case "CancelTask":
    case "CancelClusterUpgrade":
      if (!state && input.operation === "CancelTask") return notFoundTask(input);
      // A failed upgrade task can be cancelled too: that is what cancel-on-failure does.
      if (!running && state?.status !== "paused" && state?.status !== "failed") {
        return refuse("the upgrade task is not running and cannot be canceled");
      }
      return act("cancelTask");
    default:
      return refuse(`unsupported operation ${input.operation}`);
  }
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
