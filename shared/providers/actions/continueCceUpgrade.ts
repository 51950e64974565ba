import { UnsupportedActionError } from "../../errors.ts";
import { cceClusterPath, cceRequest } from "../cce.ts";
import { parseBody } from "../parse.ts";
import type { ClusterTarget } from "../target.ts";
import { type ActionCall, type ActionContext, EmptyAnswerSchema } from "./actionCall.ts";

/** Seed 000 documents no response body; accept none, or any object. */
/**
 * ContinueUpgradeClusterTask (seed 000): resumes a paused CCE upgrade. Marked discarded but still
 * documented, and for CCE only; Autopilot has no continue, so none is sent there.
 */
export async function continueCceUpgrade(
  target: ClusterTarget,
  ctx: ActionContext,
): Promise<ActionCall> {
  if (target.cluster.provider !== "cce") {
    throw new UnsupportedActionError(target.cluster.provider, "resume");
  }
  const res = await ctx.client.request({
    ...cceRequest(target),
    operation: "ContinueUpgradeClusterTask",
    method: "POST",
    path: `${cceClusterPath(target)}/operation/upgrade/continue`,
  });
  parseBody(EmptyAnswerSchema, res, "huawei", "ContinueUpgradeClusterTask");
  return { operation: "ContinueUpgradeClusterTask", requestId: res.requestId ?? null };
}
