import * as z from "zod";
import { ackRequest } from "../ack.ts";
import { parseBody } from "../parse.ts";
import type { ClusterTarget } from "../target.ts";
import type { ActionContext } from "./actionCall.ts";

export const AckClusterDetailSchema = z.object({
  /** running, updating, updating_failed, failed, ... (API.md). */
  state: z.string().min(1),
  current_version: z.string().optional(),
});

export interface AckClusterState {
  state: string;
  currentVersion: string | null;
  requestId: string | null;
}

/**
 * DescribeClusterDetail: ACK has no post-upgrade check API, so the cluster's own state and
 * version stand in for one.
 */
export async function describeAckCluster(
  target: ClusterTarget,
  ctx: ActionContext,
): Promise<AckClusterState> {
  const res = await ctx.client.request({
    ...ackRequest(target),
    operation: "DescribeClusterDetail",
    method: "GET",
    path: `/clusters/${target.cluster.clusterId}`,
  });
  const body = parseBody(AckClusterDetailSchema, res, "alibaba", "DescribeClusterDetail");
  return {
    state: body.state,
    currentVersion: body.current_version || null,
    requestId: res.requestId ?? null,
  };
}
