import type { DiscoverFilters } from "../config/discoverConfig.ts";
import { globMatch } from "../notify/glob.ts";
import type { ListedCluster } from "./listedCluster.ts";
import { describeRange, inVersionRange } from "./versionRange.ts";

/** What a source's filters made of one listed cluster, in words a user can check. */
export type Match =
  | { matched: true /** The filters it passed, e.g. `tag env=prod; name prod-*`. */; rule: string }
  | {
      matched: false /** The first filter it failed, e.g. `tag env is "dev", not "prod"`. */;
      reason: string;
    };

/**
 * States in which a listed cluster is no longer there to watch. ACK documents `deleted` ("the
 * cluster has been deleted") among the states DescribeClustersV1 reports; CCE lists no such state.
 */
const GONE_STATES = new Set(["deleted"]);

/**
 * A source's filters against one listed cluster. Every non-empty filter must pass (they narrow
 * each other), any entry of a list is enough, and `exclude` wins over all. Pure: the same
 * cluster and filters always give the same answer, so `upgrade-shepherd discover` shows what a
 * run will watch.
 */
export function matchCluster(cluster: ListedCluster, filters: DiscoverFilters): Match {
  const excludedBy = filters.exclude.find(
    (entry) => entry === cluster.clusterId || globMatch(entry, cluster.name),
  );
  if (excludedBy !== undefined) return { matched: false, reason: `excluded by "${excludedBy}"` };
  if (cluster.state !== null && GONE_STATES.has(cluster.state.toLowerCase())) {
    return { matched: false, reason: `state is ${cluster.state}` };
  }
  const rule: string[] = [];
  for (const [key, value] of Object.entries(filters.tags)) {
    const actual = Object.hasOwn(cluster.tags, key) ? cluster.tags[key] : undefined;
    if (actual === undefined) return { matched: false, reason: `no tag ${key}` };
    if (actual !== value) {
      return {
        matched: false,
        reason: `tag ${key} is ${JSON.stringify(actual)}, not ${JSON.stringify(value)}`,
      };
    }
    rule.push(`tag ${key}=${value}`);
  }
  for (const key of filters.tagKeys) {
    if (!Object.hasOwn(cluster.tags, key)) return { matched: false, reason: `no tag ${key}` };
    rule.push(`tag ${key}`);
  }
  if (filters.names.length > 0) {
    const pattern = filters.names.find((p) => globMatch(p, cluster.name));
    if (pattern === undefined) {
      return { matched: false, reason: `name ${cluster.name} matches no pattern` };
    }
    rule.push(`name ${pattern}`);
  }
  if (filters.clusterTypes.length > 0) {
    const wanted = new Set(filters.clusterTypes.map((t) => t.toLowerCase()));
    const type = cluster.typeWords.find((w) => wanted.has(w.toLowerCase()));
    if (type === undefined) {
      const had = cluster.typeWords.length > 0 ? cluster.typeWords.join(", ") : "none given";
      return { matched: false, reason: `type (${had}) is not listed` };
    }
    rule.push(`type ${type}`);
  }
  if (filters.versions.length > 0) {
    const range = filters.versions.find((r) => inVersionRange(cluster.version, r));
    if (range === undefined) {
      return { matched: false, reason: `version ${cluster.version ?? "unknown"} is in no range` };
    }
    rule.push(`version ${describeRange(range)}`);
  }
  return { matched: true, rule: rule.length > 0 ? rule.join("; ") : "every cluster" };
}
