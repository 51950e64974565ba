import type { ScopeListing } from "../discover/sourceListing.ts";
import {
  deadlineFailure,
  emptyListing,
  type ListContext,
  type ListedCluster,
  type ListTarget,
  readCreatedAt,
  tagsOf,
  toListFailure,
  words,
} from "./clusterList.ts";
import { CceClusterItemSchema, CceClusterListSchema } from "./clusterListSchemas.ts";
import { parseBody } from "./parse.ts";

/** The operation names as the SDK spells them (go-sdk `cce_meta.go`). */
export const cceListOperation = (target: Pick<ListTarget, "provider">): string =>
  target.provider === "cce-autopilot" ? "ListAutopilotClusters" : "ListClusters";

/**
 * Lists one Huawei project's clusters: CCE `GET /api/v3/projects/{project_id}/clusters` or
 * Autopilot `GET /autopilot/v3/projects/{project_id}/clusters` (go-sdk `cce_meta.go`). The
 * operation has no paging, so one request lists the project; no filter is sent (every filter
 * is applied by `matchCluster`, and an unfiltered list is what lets absence be judged).
 * Never throws: a failure is in the listing, with what was read.
 */
export async function listCceClusters(target: ListTarget, ctx: ListContext): Promise<ScopeListing> {
  const operation = cceListOperation(target);
  const listing = emptyListing(target.scope);
  const projectId = target.scope.projectId ?? "";
  if (ctx.now() >= ctx.deadline) return { ...listing, failure: deadlineFailure(operation, 1) };
  try {
    const res = await ctx.client.request({
      cloud: "huawei",
      operation,
      method: "GET",
      endpoint: target.scope.endpoint,
      path: `${target.provider === "cce-autopilot" ? "/autopilot/v3" : "/api/v3"}/projects/${projectId}/clusters`,
      credentials: target.credentials,
      projectId,
    });
    const { items } = parseBody(CceClusterListSchema, res, "huawei", operation);
    listing.pages = 1;
    for (const raw of items) {
      const item = CceClusterItemSchema.safeParse(raw);
      if (!item.success) {
        listing.unreadable++;
        continue;
      }
      const { metadata, spec, status } = item.data;
      const cluster: ListedCluster = {
        provider: target.provider,
        region: target.scope.region,
        projectId,
        clusterId: metadata.uid,
        name: metadata.name || metadata.alias || metadata.uid,
        tags: tagsOf(spec?.clusterTags ?? []),
        typeWords: words(spec?.category, spec?.type, spec?.flavor),
        version: spec?.version || null,
        state: status?.phase || null,
        createdAt: readCreatedAt(metadata.creationTimestamp),
      };
      listing.clusters.push(cluster);
    }
    listing.complete = true;
    return listing;
  } catch (error) {
    return { ...listing, failure: toListFailure(operation, error) };
  }
}
