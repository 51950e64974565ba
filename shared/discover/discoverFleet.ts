import { setMaxListeners } from "node:events";
import type { SignedClient } from "../client/client.ts";
import type { Config } from "../config/configSchema.ts";
import type { CredentialSets } from "../config/credentialSets.ts";
import type { ResolvedCluster } from "../config/resolveClusters.ts";
import { CredentialGate } from "../poll/credentialGate.ts";
import { runDeadline } from "../poll/deadline.ts";
import { LimitedClients } from "../poll/limitedClient.ts";
import { applySources, type DiscoveryResult } from "./applySources.ts";
import { discoverySources } from "./discoverySource.ts";
import { type InventoryCluster, mergeInventory } from "./inventory.ts";
import { listSources } from "./listSources.ts";

export interface DiscoverFleetDeps {
  client: SignedClient;
  credentials: Pick<CredentialSets, "get">;
  /**
   * The run's credential gate, shared with the read that follows, so a key the list found
   * refused is not tried again in the same run (Huawei locks a key after five failures).
   */
  gate?: CredentialGate | undefined;
  /** Real time in ms, for the listing's own deadline (the run's clock may be simulated). */
  clockMs?: (() => number) | undefined;
  /** Most real time discovery may take in this run, besides `discover.limits.timeout`. */
  budgetMs?: number | undefined;
}

export interface FleetDiscovery extends DiscoveryResult {
  /** The merged, sorted inventory: listed and discovered clusters, each once. */
  inventory: InventoryCluster[];
  /** Real time the listing took, in ms. */
  tookMs: number;
}

/**
 * Lists every `discover` source (I/O: the signed client, limited per key and provider, the
 * shared credential gate, a deadline of `discover.limits.timeout` or `budgetMs`), applies the
 * filters, and merges what matched with the listed clusters. Never throws for a cloud's answer:
 * a source that could not be listed is in `failed`, and its other regions are still used. With
 * no source it lists nothing and the inventory is the listed clusters.
 */
export async function discoverFleet(
  config: Config,
  listed: readonly ResolvedCluster[],
  deps: DiscoverFleetDeps,
): Promise<FleetDiscovery> {
  const sources = discoverySources(config);
  const clockMs = deps.clockMs ?? Date.now;
  const started = clockMs();
  const limits = config.discover.limits;
  const budget = Math.min(limits.timeout, deps.budgetMs ?? Number.POSITIVE_INFINITY);
  const deadline = sources.length > 0 ? runDeadline(budget) : undefined;
  // Every list call in flight listens on the one deadline signal: no leak, so no warning.
  if (deadline?.signal) setMaxListeners(Number.POSITIVE_INFINITY, deadline.signal);
  try {
    const clients = new LimitedClients(
      deps.client,
      deps.gate ?? new CredentialGate(),
      config.poll.concurrency,
      deadline?.signal,
    );
    const listings = await listSources(sources, {
      clientFor: (provider, credentialSet) => clients.for(provider, credentialSet),
      credentials: (name) => deps.credentials.get(name),
      now: clockMs,
      limits: { ...limits, timeout: budget },
    });
    const result = applySources(listings);
    return {
      ...result,
      inventory: mergeInventory(listed, result.matched, config.defaults),
      tookMs: clockMs() - started,
    };
  } finally {
    deadline?.clear();
  }
}
