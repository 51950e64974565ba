import type { ClusterRef } from "./cluster.ts";

/**
 * What identifies a cluster: a `ClusterRef` without its display name and labels. A Huawei
 * cluster id is unique only within its project, and an id is only ever looked up in its region,
 * so all four parts are the identity; ACK has no project.
 */
export type ClusterIdentity = Pick<ClusterRef, "provider" | "region" | "projectId" | "clusterId">;

/** What stands for the project of a cluster that has none (ACK). */
export const NO_PROJECT = "-";

/**
 * The one spelling of a cluster's identity: `provider/region/project/clusterId`, with `-` for
 * ACK's missing project, for example `cce/cn-north-4/0b1c2d3e4f/8978deaa-…` and
 * `ack/cn-hangzhou/-/c106f377…`. Config duplicate checks, the inventory lookup of the actions,
 * shards, re-read requests, Poll Failed grouping, CloudEvents subjects and the CLI all use it.
 * It is a key, not a path: none of the parts is escaped, so compare keys, never split them.
 */
export function clusterKey(ref: ClusterIdentity): string {
  return clusterIdParts(ref).join("/");
}

/**
 * The same four parts, for a hash (event ids, PagerDuty dedup keys): hashed as a JSON array, so
 * no part can run into the next.
 */
export function clusterIdParts(ref: ClusterIdentity): [string, string, string, string] {
  return [ref.provider, ref.region, ref.projectId ?? NO_PROJECT, ref.clusterId];
}

/** Orders clusters by `clusterKey`, for output that must not depend on read order. */
export const byClusterKey = (a: ClusterIdentity, b: ClusterIdentity): number => {
  const ka = clusterKey(a);
  const kb = clusterKey(b);
  return ka < kb ? -1 : ka > kb ? 1 : 0;
};
