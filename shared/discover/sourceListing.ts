import type { FailureKind } from "../model/failure.ts";
import type { DiscoverySource, SourceScope } from "./discoverySource.ts";
import type { ListedCluster } from "./listedCluster.ts";

/** Why a region of a source could not be listed completely. Safe to publish: no secret. */
export interface ListFailure {
  /** The client's kind, or `deadline` (the run's time ran out) or `pages` (maxPages reached). */
  kind: FailureKind | "pages";
  operation: string;
  status: number | null;
  code: string | null;
  message: string;
  requestId: string | null;
}

/** One region's (Huawei: one project's) listing. */
export interface ScopeListing {
  scope: SourceScope;
  /** Every cluster read, before filters; on a failure, those of the pages read before it. */
  clusters: ListedCluster[];
  /** Every page was read. Only a complete listing may say a cluster is absent. */
  complete: boolean;
  failure: ListFailure | null;
  pages: number;
  /** List items that could not be read (no id): counted, never guessed. */
  unreadable: number;
}

export interface SourceListing {
  source: DiscoverySource;
  scopes: ScopeListing[];
}
