import type { SignedClient } from "../client/client.ts";
import type { Credentials } from "../client/types.ts";
import type { DiscoverLimits } from "../config/discoverConfig.ts";
import { listAckClusters } from "../providers/ackClusterList.ts";
import { listCceClusters } from "../providers/cceClusterList.ts";
import type { ListContext, ListTarget } from "../providers/clusterList.ts";
import { emptyListing } from "../providers/clusterList.ts";
import type { DiscoverySource } from "./discoverySource.ts";
import type { ScopeListing, SourceListing } from "./sourceListing.ts";

export interface ListSourcesDeps {
  /**
   * A client limited per provider and credential set, sharing the run's credential gate and
   * pacer (`LimitedClients.for`), so a listing keeps to the key's pace and a refused key is
   * tried once in the whole run.
   */
  clientFor: (provider: ListTarget["provider"], credentialSet: string) => SignedClient;
  /** The credential set's keys; throws when the set could not be loaded. */
  credentials: (name: string) => Credentials;
  now: () => number;
  limits: DiscoverLimits;
  /** Epoch ms the run must be done by: listing stops at this or `limits.timeout`, whichever is first. */
  runDeadline?: number | undefined;
}

/**
 * Lists every region of every source, all at once within the limits (the pace per key holds
 * them back), and never throws: a source whose keys could not be loaded, or a region whose
 * list failed or ran out of time, is a failure in its listing, and the others are listed.
 * The answer keeps the sources' order and each source's regions in config order.
 */
export async function listSources(
  sources: readonly DiscoverySource[],
  deps: ListSourcesDeps,
): Promise<SourceListing[]> {
  const started = deps.now();
  const deadline = Math.min(started + deps.limits.timeout, deps.runDeadline ?? Infinity);
  return Promise.all(
    sources.map(async (source): Promise<SourceListing> => {
      let credentials: Credentials;
      try {
        credentials = deps.credentials(source.credentials);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        return {
          source,
          scopes: source.scopes.map((scope) => ({
            ...emptyListing(scope),
            failure: {
              kind: "credentials",
              operation: "LoadCredentials",
              status: null,
              code: "CredentialsNotLoaded",
              message,
              requestId: null,
            },
          })),
        };
      }
      const ctx: ListContext = {
        client: deps.clientFor(source.provider, source.credentials),
        deadline,
        now: deps.now,
        maxPages: deps.limits.maxPages,
      };
      const scopes = await Promise.all(
        source.scopes.map(
          (scope): Promise<ScopeListing> =>
            (source.provider === "ack" ? listAckClusters : listCceClusters)(
              { provider: source.provider, scope, credentials },
              ctx,
            ),
        ),
      );
      return { source, scopes };
    }),
  );
}
