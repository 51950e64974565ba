import type { SignedClient } from "../client/client.ts";
import { ProviderError } from "../client/errors.ts";
import type { Credentials } from "../client/types.ts";
import type { SourceScope } from "../discover/discoverySource.ts";
import type { ListedCluster } from "../discover/listedCluster.ts";
import type { ListFailure, ScopeListing } from "../discover/sourceListing.ts";
import { ConfigError, DeadlineError } from "../errors.ts";
import type { Provider } from "../model/cluster.ts";
import { parseHuaweiTime, parseIsoOffsetTime, TimestampError } from "./time.ts";

/** Everything a list reader needs for one region (Huawei: one project) of a source. */
export interface ListTarget {
  provider: Provider;
  scope: SourceScope;
  credentials: Credentials;
}

export interface ListContext {
  /** Already limited (credential gate, pacer): the list shares the run's pace per key. */
  client: SignedClient;
  /** Epoch ms; no page is asked for at or after it. */
  deadline: number;
  now: () => number;
  maxPages: number;
}

/**
 * Any error of a list call as a list failure, in words safe to publish: a ProviderError keeps
 * the cloud's words, the run's deadline is `deadline`, a credential set that did not load is
 * `credentials`, anything else is a bug of ours (`internal`).
 */
export function toListFailure(operation: string, error: unknown): ListFailure {
  if (error instanceof ProviderError) {
    return {
      kind: error.kind,
      operation: error.operation,
      status: error.status ?? null,
      code: error.code ?? null,
      message: error.providerMessage ?? error.message,
      requestId: error.requestId ?? null,
    };
  }
  const base = { operation, status: null, code: null, requestId: null };
  if (error instanceof DeadlineError) return { ...base, kind: "deadline", message: error.message };
  if (error instanceof ConfigError) return { ...base, kind: "credentials", message: error.message };
  return {
    kind: "internal",
    operation,
    status: null,
    code: null,
    message: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
    requestId: null,
  };
}

export const deadlineFailure = (operation: string, page: number): ListFailure => ({
  kind: "deadline",
  operation,
  status: null,
  code: null,
  message: `the run's time for discovery ran out before page ${page}`,
  requestId: null,
});

export const pagesFailure = (operation: string, maxPages: number): ListFailure => ({
  kind: "pages",
  operation,
  status: null,
  code: null,
  message: `stopped after ${maxPages} pages (discover.limits.maxPages); more clusters may exist`,
  requestId: null,
});

/**
 * A creation time as ISO 8601 UTC: CCE prints Go's `time.Time.String()`, ACK ISO 8601 with an
 * offset; either form is read for either cloud. Absent or unreadable gives null: the cluster is
 * still watched, only its `Cluster Discovered` edge cannot be judged.
 */
export function readCreatedAt(value: string | null | undefined): string | null {
  for (const parse of [parseHuaweiTime, parseIsoOffsetTime]) {
    try {
      const iso = parse(value);
      if (iso !== null) return iso;
    } catch (error) {
      if (!(error instanceof TimestampError)) throw error;
    }
  }
  return null;
}

/** The empty listing a reader fills in. */
export const emptyListing = (scope: SourceScope): ScopeListing => ({
  scope,
  clusters: [],
  complete: false,
  failure: null,
  pages: 0,
  unreadable: 0,
});

export const tagsOf = (tags: { key: string; value?: string | null | undefined }[]) =>
  Object.fromEntries(tags.map((t) => [t.key, t.value ?? ""])) as Record<string, string>;

export const words = (...values: (string | null | undefined)[]): string[] =>
  values.filter((v): v is string => typeof v === "string" && v !== "");

export type { ListedCluster };
