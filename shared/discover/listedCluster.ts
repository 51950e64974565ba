import type { Provider } from "../model/cluster.ts";

/**
 * One cluster as a list operation reported it, in the providers' own words, before any filter:
 * what discovery filters on, maps labels from, and judges `Cluster Discovered` by. Built by the
 * list readers (`shared/providers/cceClusterList.ts`, `ackClusterList.ts`); holds no secret.
 */
export interface ListedCluster {
  provider: Provider;
  region: string;
  /** Huawei only: the project the list was read in. */
  projectId?: string | undefined;
  clusterId: string;
  /** CCE `metadata.name` (or `alias`), ACK `name`; the id when the list gives none. */
  name: string;
  /** Resource tags, key to value: CCE `spec.clusterTags`, ACK `tags`. A missing value is "". */
  tags: Record<string, string>;
  /**
   * The words the list gives for the cluster's kind, for `clusterTypes` filters: CCE
   * `spec.category`, `spec.type`, `spec.flavor`; ACK `cluster_type`, `profile`, `cluster_spec`.
   */
  typeWords: string[];
  /** CCE `spec.version`, ACK `current_version`; null when the list gives none. */
  version: string | null;
  /** CCE `status.phase`, ACK `state`, unchanged; null when absent. */
  state: string | null;
  /** The creation time as ISO 8601 UTC, or null when absent or unreadable. */
  createdAt: string | null;
}
