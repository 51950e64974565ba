import * as z from "zod";
import type { Credentials } from "../client/types.ts";
import { ConfigError } from "../errors.ts";
import type { SecretsManagerLike } from "./awsClients.ts";
import { CredentialSets } from "./credentialSets.ts";
import type { ResolvedCluster } from "./resolveClusters.ts";
import { readSecret, readSecretFromEnv, type SecretSpec, secretVariable } from "./secretStore.ts";
import { strictObject } from "./strictObject.ts";

/** When set, credential sets come from Secrets Manager, secret id `<prefix><name>`. */
export const CREDENTIALS_SECRET_PREFIX_VARIABLE = "SHEPHERD_CREDENTIALS_SECRET_PREFIX";

/**
 * A credential set: Huawei's AK/SK (and security token, for temporary keys) or Alibaba's
 * AccessKey ID/secret (and STS token). One secret `{"ak", "sk", "token"?}` per set.
 */
const CREDENTIAL_SET: SecretSpec<{ ak: string; sk: string; token?: string | undefined }> = {
  noun: "credential set",
  prefixVariable: CREDENTIALS_SECRET_PREFIX_VARIABLE,
  variablePrefix: "SHEPHERD_CREDENTIALS_",
  fields: { ak: "AK", sk: "SK", token: "TOKEN" },
  schema: strictObject({
    ak: z.string().min(1),
    sk: z.string().min(1),
    token: z.string().min(1).optional(),
  }),
  shape: '{"ak": "...", "sk": "...", "token"?: "..."}',
};

/** The sets the inventory uses: only those are loaded. */
export function credentialNames(clusters: readonly ResolvedCluster[]): string[] {
  return [...new Set(clusters.map((c) => c.credentials))].sort();
}

/** `prod-huawei` -> `SHEPHERD_CREDENTIALS_PROD_HUAWEI`. */
export function credentialsVariable(name: string): string {
  return secretVariable(CREDENTIAL_SET, name);
}

export interface LoadCredentialsOptions {
  env?: NodeJS.ProcessEnv | undefined;
  /** Default: a SecretsManagerClient, created on first use. */
  secretsManager?: SecretsManagerLike | undefined;
}

/**
 * The named sets, from Secrets Manager when `SHEPHERD_CREDENTIALS_SECRET_PREFIX` is set, else
 * from the environment (`shared/config/secretStore.ts`). A set that fails to load keeps its
 * error, so it fails only the clusters that use it.
 */
export async function loadCredentials(
  names: readonly string[],
  options: LoadCredentialsOptions = {},
): Promise<CredentialSets> {
  const env = options.env ?? process.env;
  const read = async (name: string): Promise<readonly [string, Credentials | ConfigError]> => {
    try {
      return [name, await readSecret(CREDENTIAL_SET, name, { ...options, env })];
    } catch (error) {
      return [name, asConfigError(error, name)];
    }
  };
  return new CredentialSets(await Promise.all(names.map(read)));
}

/**
 * For local runs and the CLI. Each set is either one variable holding JSON
 * (`SHEPHERD_CREDENTIALS_<NAME>='{"ak":"...","sk":"..."}'`) or one variable per field
 * (`SHEPHERD_CREDENTIALS_<NAME>_AK`, `_SK`, optional `_TOKEN`).
 */
export function loadCredentialsFromEnv(
  names: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
): CredentialSets {
  return new CredentialSets(
    names.map((name) => {
      try {
        return [name, readSecretFromEnv(CREDENTIAL_SET, name, env)] as const;
      } catch (error) {
        return [name, asConfigError(error, name)] as const;
      }
    }),
  );
}

/** The store throws only ConfigErrors; anything else is a bug, kept as its name only. */
function asConfigError(error: unknown, name: string): ConfigError {
  if (error instanceof ConfigError) return error;
  return new ConfigError(
    credentialsVariable(name),
    `credential set "${name}" could not be loaded (${error instanceof Error ? error.name : typeof error})`,
  );
}
