import type { Config } from "./configSchema.ts";
import type { CredentialSets } from "./credentialSets.ts";
import { discoverCredentialNames } from "./discoverConfig.ts";
import { type LoadConfigOptions, loadConfig } from "./loadConfig.ts";
import {
  credentialNames,
  type LoadCredentialsOptions,
  loadCredentials,
} from "./loadCredentials.ts";
import { type ResolvedCluster, resolveClusters } from "./resolveClusters.ts";

/**
 * What a function loads beyond the config document, which every function reads and validates
 * whole (so bad config fails at every cold start) and which carries receivers and routes:
 * - `inventory`: the clusters, resolved with their defaults;
 * - `credentials`: the inventory and the credential sets its clusters and discovery sources
 *   name, read from Secrets Manager (or the environment), and no others.
 */
export type ConfigNeed = "inventory" | "credentials";

/** Everything there is to load: the settings, the inventory, and its keys. */
export interface ShepherdConfig {
  config: Config;
  clusters: ResolvedCluster[];
  credentials: CredentialSets;
}

interface NeedKeys {
  inventory: "clusters";
  credentials: "clusters" | "credentials";
}

/** The part of `ShepherdConfig` a function's needs load: `ConfigSlice<never>` is `{ config }`. */
export type ConfigSlice<N extends ConfigNeed> = Pick<ShepherdConfig, "config" | NeedKeys[N]>;

export interface LoadShepherdConfigOptions<N extends ConfigNeed = ConfigNeed>
  extends LoadConfigOptions,
    LoadCredentialsOptions {
  /** Default: everything (`["inventory", "credentials"]`), for the CLI and tests. */
  needs?: readonly N[] | undefined;
}

/** The config document, then what `needs` asks for, and nothing else. */
export async function loadShepherdConfig<N extends ConfigNeed = ConfigNeed>(
  options: LoadShepherdConfigOptions<N> = {},
): Promise<ConfigSlice<N>> {
  const needs: readonly ConfigNeed[] = options.needs ?? ["inventory", "credentials"];
  const slice: Partial<ShepherdConfig> & { config: Config } = { config: await loadConfig(options) };
  if (needs.includes("inventory") || needs.includes("credentials")) {
    slice.clusters = resolveClusters(slice.config);
  }
  if (needs.includes("credentials")) {
    // The discovery sources' keys too: discovered clusters are read (and acted on) with them.
    const names = [
      ...credentialNames(slice.clusters ?? []),
      ...discoverCredentialNames(slice.config.discover),
    ];
    slice.credentials = await loadCredentials([...new Set(names)].sort(), options);
  }
  // The branches above set exactly the keys NeedKeys maps `needs` to.
  return slice as ConfigSlice<N>;
}
