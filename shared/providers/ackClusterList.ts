import type { ScopeListing } from "../discover/sourceListing.ts";
import {
  deadlineFailure,
  emptyListing,
  type ListContext,
  type ListedCluster,
  type ListTarget,
  pagesFailure,
  readCreatedAt,
  tagsOf,
  toListFailure,
  words,
} from "./clusterList.ts";
import { AckClusterItemSchema, AckClusterListSchema } from "./clusterListSchemas.ts";
import { parseBody } from "./parse.ts";

export const ACK_LIST_OPERATION = "DescribeClustersV1";
/** ASSUMPTION: the page documents no maximum page size; the steampipe plugin pages with 50. */
export const ACK_LIST_PAGE_SIZE = 50;

/**
 * Lists one region of an Alibaba account: `GET /api/v1/clusters` (DescribeClustersV1,
 * `@alicloud/cs20151215` 7.2.0) with `region_id`, page by page, until a short page, the
 * `total_count`, `maxPages` or the deadline. The list is per account, so a cluster of another
 * region in the answer is dropped. No other filter is sent (`matchCluster` applies them all).
 * Never throws: a failure is in the listing, with the pages read before it.
 */
export async function listAckClusters(target: ListTarget, ctx: ListContext): Promise<ScopeListing> {
  const listing = emptyListing(target.scope);
  const seen = new Set<string>();
  const region = target.scope.region;
  for (let page = 1; ; page++) {
    if (page > ctx.maxPages) {
      return { ...listing, failure: pagesFailure(ACK_LIST_OPERATION, ctx.maxPages) };
    }
    if (ctx.now() >= ctx.deadline) {
      return { ...listing, failure: deadlineFailure(ACK_LIST_OPERATION, page) };
    }
    let clusters: unknown[];
    let total: number | null | undefined;
    try {
      const res = await ctx.client.request({
        cloud: "alibaba",
        endpoint: target.scope.endpoint,
        credentials: target.credentials,
        operation: ACK_LIST_OPERATION,
        method: "GET",
        path: "/api/v1/clusters",
        query: { region_id: region, page_size: ACK_LIST_PAGE_SIZE, page_number: page },
      });
      const body = parseBody(AckClusterListSchema, res, "alibaba", ACK_LIST_OPERATION);
      clusters = body.clusters;
      total = body.page_info?.total_count;
    } catch (error) {
      return { ...listing, failure: toListFailure(ACK_LIST_OPERATION, error) };
    }
    listing.pages = page;
    for (const raw of clusters) {
      const item = AckClusterItemSchema.safeParse(raw);
      if (!item.success) {
        listing.unreadable++;
        continue;
      }
      const c = item.data;
      if ((c.region_id && c.region_id !== region) || seen.has(c.cluster_id)) continue;
      seen.add(c.cluster_id);
      const cluster: ListedCluster = {
        provider: "ack",
        region,
        clusterId: c.cluster_id,
        name: c.name || c.cluster_id,
        tags: tagsOf(c.tags),
        typeWords: words(c.cluster_type, c.profile, c.cluster_spec),
        version: c.current_version || null,
        state: c.state || null,
        createdAt: readCreatedAt(c.created),
      };
      listing.clusters.push(cluster);
    }
    const short = clusters.length < ACK_LIST_PAGE_SIZE;
    const reachedTotal = typeof total === "number" && page * ACK_LIST_PAGE_SIZE >= total;
    if (short || reachedTotal) return { ...listing, complete: true };
  }
}
