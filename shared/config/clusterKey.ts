import type { ClusterRef } from "../model/cluster.ts";

/**
 * The identity of a cluster across runs, for maps, shards and duplicate checks:
 * `provider/region/project/clusterId`, with `-` for ACK, which has no project.
 */
export function clusterKey(
  ref: Pick<ClusterRef, "provider" | "region" | "projectId" | "clusterId">,
): string {
  return `${ref.provider}/${ref.region}/${ref.projectId ?? "-"}/${ref.clusterId}`;
}
