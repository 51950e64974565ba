import { ProviderError } from "../../errors.ts";
import { ackRequest } from "../ack.ts";
import { parseBody } from "../parse.ts";
import type { ClusterTarget } from "../target.ts";
import { type ActionCall, type ActionContext, EmptyAnswerSchema } from "./actionCall.ts";

/** ACK's action calls answer an empty body, `{}`, or a request id: nothing to read but that. */
const OPERATIONS = {
  cancel: { task: "CancelTask", legacy: "CancelClusterUpgrade", suffix: "cancel" },
  resume: { task: "ResumeTask", legacy: "ResumeUpgradeCluster", suffix: "resume" },
} as const;

export type AckUpgradeAction = keyof typeof OPERATIONS;

/**
 * The task API acts on the upgrade task by id. Where there is no task id (the upgrade was seen
 * only through legacy GetUpgradeStatus), or the task API answers 404 (the operation is not
 * served there, or it does not know the task), the deprecated cluster-level call acts instead:
 * it is still served, and it acts on the cluster's one current upgrade.
 */
export async function ackUpgradeAction(
  target: ClusterTarget,
  ctx: ActionContext,
  action: AckUpgradeAction,
  taskId: string | null,
): Promise<ActionCall & { legacy: boolean }> {
  const ops = OPERATIONS[action];
  if (taskId !== null) {
    try {
      return {
        ...(await send(target, ctx, ops.task, `/tasks/${taskId}/${ops.suffix}`)),
        legacy: false,
      };
    } catch (error) {
      // Fall back only when the task API itself is not served. A task the cloud does not know
      // is not a reason to act on whatever upgrade the cluster-level call would find.
      if (
        !(error instanceof ProviderError && error.status === 404 && !/Task/i.test(error.code ?? ""))
      ) {
        throw error;
      }
    }
  }
  const path = `/api/v2/clusters/${target.cluster.clusterId}/upgrade/${ops.suffix}`;
  return { ...(await send(target, ctx, ops.legacy, path)), legacy: true };
}

async function send(
  target: ClusterTarget,
  ctx: ActionContext,
  operation: string,
  path: string,
): Promise<ActionCall> {
  const res = await ctx.client.request({ ...ackRequest(target), operation, method: "POST", path });
  parseBody(EmptyAnswerSchema, res, "alibaba", operation);
  return { operation, requestId: res.requestId ?? null };
}
