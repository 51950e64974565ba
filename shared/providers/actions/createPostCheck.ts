import * as z from "zod";
import { cceClusterPath, cceRequest } from "../cce.ts";
import { parseBody } from "../parse.ts";
import type { ClusterTarget } from "../target.ts";
import type { ActionCall, ActionContext } from "./actionCall.ts";

/**
 * Seed 003: the response's `status.phase` is Success, Failed or Error. Another string is kept as
 * sent: only `Success` passes, so an undocumented phase is reported as a check that did not pass,
 * naming the raw value. A body without a phase is a parse error.
 */
export const PostCheckTaskSchema = z.object({
  metadata: z.object({ uid: z.string().min(1) }).nullish(),
  status: z.object({ phase: z.string().min(1) }),
});

export interface PostCheckResult extends ActionCall {
  taskId: string | null;
  /** Success, Failed or Error as documented, or the undocumented string the cloud sent. */
  phase: string;
}

/**
 * CreatePostCheck (CCE and Autopilot, seed 003). The check runs synchronously: the answer
 * carries its result. Versions the read did not know are left out, as the spec allows.
 */
export async function createPostCheck(
  target: ClusterTarget,
  ctx: ActionContext,
  versions: { fromVersion: string | null; toVersion: string | null },
): Promise<PostCheckResult> {
  const spec: Record<string, string> = { clusterID: target.cluster.clusterId };
  if (versions.fromVersion) spec.clusterVersion = versions.fromVersion;
  if (versions.toVersion) spec.targetVersion = versions.toVersion;
  const res = await ctx.client.request({
    ...cceRequest(target),
    operation: "CreatePostCheck",
    method: "POST",
    path: `${cceClusterPath(target)}/operation/postcheck`,
    body: { kind: "PostCheckTask", apiVersion: "v3", spec },
  });
  const body = parseBody(PostCheckTaskSchema, res, "huawei", "CreatePostCheck");
  return {
    operation: "CreatePostCheck",
    requestId: res.requestId ?? null,
    taskId: body.metadata?.uid ?? null,
    phase: body.status.phase,
  };
}
