import { cceClusterPath, cceRequest } from "../cce.ts";
import { CceWorkflowSchema } from "../cceSchema.ts";
import { parseBody } from "../parse.ts";
import type { ClusterTarget } from "../target.ts";
import type { ActionCall, ActionContext } from "./actionCall.ts";

/**
 * UpgradeWorkFlowUpdate with `{"status":{"phase":"Cancel"}}` (seed 001), the only update the API
 * accepts. The cloud refuses it (HTTP 400) unless the documented preconditions hold, so the
 * caller checks them on a fresh read first. Returns the workflow's phase as answered.
 */
export async function cancelCceWorkflow(
  target: ClusterTarget,
  ctx: ActionContext,
  workflowId: string,
): Promise<ActionCall & { workflowPhase: string | null }> {
  const res = await ctx.client.request({
    ...cceRequest(target),
    operation: "UpgradeWorkFlowUpdate",
    method: "PATCH",
    path: `${cceClusterPath(target)}/operation/upgradeworkflows/${workflowId}`,
    body: { status: { phase: "Cancel" } },
  });
  const body = parseBody(CceWorkflowSchema, res, "huawei", "UpgradeWorkFlowUpdate");
  return {
    operation: "UpgradeWorkFlowUpdate",
    requestId: res.requestId ?? null,
    workflowPhase: body.status.phase ?? null,
  };
}
