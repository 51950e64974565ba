import type { Config } from "./configSchema.ts";
import type { CredentialSets } from "./credentialSets.ts";
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

/** Config, then the credential sets its clusters name, and no others. */
export async function loadShepherdConfig(
  options: LoadShepherdConfigOptions = {},
): Promise<ShepherdConfig> {
  const config = await loadConfig(options);
  const clusters = resolveClusters(config);
  const credentials = await loadCredentials(credentialNames(clusters), options);
  return { config, clusters, credentials };
}
