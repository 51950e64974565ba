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

/** What a function needs from configuration: the settings, the inventory, and its keys. */
export interface ShepherdConfig {
  config: Config;
  clusters: ResolvedCluster[];
  credentials: CredentialSets;
}

export type LoadShepherdConfigOptions = LoadConfigOptions & LoadCredentialsOptions;

/** Config, then the credential sets its clusters and discovery sources name, and no others. */
export async function loadShepherdConfig(
  options: LoadShepherdConfigOptions = {},
): Promise<ShepherdConfig> {
  const config = await loadConfig(options);
  const clusters = resolveClusters(config);
  const names = [...credentialNames(clusters), ...discoverCredentialNames(config.discover)];
  const credentials = await loadCredentials([...new Set(names)].sort(), options);
  return { config, clusters, credentials };
}
