import * as z from "zod";
import type { Credentials } from "../client/types.ts";
import { ConfigError } from "../errors.ts";
import { envValue } from "./configSource.ts";
import { CredentialSets } from "./credentialSets.ts";
import { type AwsSdkClient, awsClientClass, describeError, fetchWithMiddy } from "./middyFetch.ts";
import { redactCredentials } from "./redactCredentials.ts";
import type { ResolvedCluster } from "./resolveClusters.ts";
import { strictObject } from "./strictObject.ts";

/** When set, credential sets come from Secrets Manager, secret id `<prefix><name>`. */
export const CREDENTIALS_SECRET_PREFIX_VARIABLE = "SHEPHERD_CREDENTIALS_SECRET_PREFIX";

const CredentialsSchema = strictObject({
  ak: z.string().min(1),
  sk: z.string().min(1),
  token: z.string().min(1).optional(),
});

const EXPECTED_SHAPE = '{"ak": "...", "sk": "...", "token"?: "..."}';

/** The sets the inventory uses: only those are loaded. */
export function credentialNames(clusters: readonly ResolvedCluster[]): string[] {
  return [...new Set(clusters.map((c) => c.credentials))].sort();
}

/** `prod-huawei` -> `SHEPHERD_CREDENTIALS_PROD_HUAWEI`. */
export function credentialsVariable(name: string): string {
  return `SHEPHERD_CREDENTIALS_${name.toUpperCase().replaceAll("-", "_")}`;
}

export interface LoadCredentialsOptions {
  env?: NodeJS.ProcessEnv | undefined;
  /** Used through @middy/secrets-manager. Default: middy's own SecretsManagerClient. */
  secretsManager?: AwsSdkClient | undefined;
}

/**
 * Secrets Manager in the cloud, environment variables locally: the prefix variable decides, so
 * a deployed function never falls back to keys in its (console-visible) environment.
 */
export async function loadCredentials(
  names: readonly string[],
  options: LoadCredentialsOptions = {},
): Promise<CredentialSets> {
  const env = options.env ?? process.env;
  return envValue(env, CREDENTIALS_SECRET_PREFIX_VARIABLE) === undefined
    ? loadCredentialsFromEnv(names, env)
    : loadCredentialsFromSecretsManager(names, { ...options, env });
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
  return new CredentialSets(names.map((name) => [name, credentialsFromEnv(name, env)] as const));
}

function credentialsFromEnv(name: string, env: NodeJS.ProcessEnv): Credentials | ConfigError {
  const variable = credentialsVariable(name);
  const json = envValue(env, variable);
  const fields = {
    ak: envValue(env, `${variable}_AK`),
    sk: envValue(env, `${variable}_SK`),
    token: envValue(env, `${variable}_TOKEN`),
  };
  const hasFields = Object.values(fields).some((v) => v !== undefined);
  if (json !== undefined && hasFields) {
    return new ConfigError(
      variable,
      `credential set "${name}" is given twice: set either ${variable} or ${variable}_AK/_SK, not both`,
    );
  }
  if (json !== undefined) return validate(name, variable, parseJsonSecret(json));
  if (hasFields) return validate(name, `${variable}_AK/_SK`, fields);
  return new ConfigError(
    variable,
    `credential set "${name}" is not set: set ${variable} to ${EXPECTED_SHAPE}, or ${variable}_AK and ${variable}_SK`,
  );
}

/** JSON.parse's message quotes the text it choked on, which here is a secret: it is dropped. */
function parseJsonSecret(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/**
 * The message names the fields at fault, never their values or unknown keys (a pasted secret
 * can end up as a key), and there is no `cause`, for the same reason.
 */
function validate(name: string, where: string, value: unknown): Credentials | ConfigError {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return new ConfigError(
      where,
      `credential set "${name}" must be a JSON object ${EXPECTED_SHAPE}`,
    );
  }
  const result = CredentialsSchema.safeParse(value);
  if (result.success) return redactCredentials(result.data);
  const faults = [
    ...new Set(
      result.error.issues.map((issue) =>
        issue.code === "unrecognized_keys"
          ? "keys other than ak, sk, token"
          : `${String(issue.path[0])} (missing, empty or not a string)`,
      ),
    ),
  ];
  return new ConfigError(
    where,
    `credential set "${name}" must be ${EXPECTED_SHAPE}; wrong: ${faults.join(", ")}`,
  );
}

/**
 * The @middy/secrets-manager options for the given sets: one secret per set, id
 * `<SHEPHERD_CREDENTIALS_SECRET_PREFIX><name>`, holding `{"ak","sk","token"?}`. No caching by
 * middy: the caller decides how long a load lives.
 */
export function credentialSecretsOptions(
  names: readonly string[],
  options: LoadCredentialsOptions = {},
) {
  const prefix = envValue(options.env ?? process.env, CREDENTIALS_SECRET_PREFIX_VARIABLE) ?? "";
  return {
    fetchData: Object.fromEntries(names.map((name) => [name, `${prefix}${name}`])),
    cacheKey: "upgrade-shepherd-credentials",
    cacheExpiry: 0,
    disablePrefetch: true,
    ...(options.secretsManager
      ? { AwsClient: awsClientClass(options.secretsManager) as never }
      : {}),
  };
}

export async function loadCredentialsFromSecretsManager(
  names: readonly string[],
  options: LoadCredentialsOptions = {},
): Promise<CredentialSets> {
  const { default: secretsManager } = await import("@middy/secrets-manager");
  const secretOptions = credentialSecretsOptions(names, options);
  const results = await fetchWithMiddy(secretsManager(secretOptions), names);
  return new CredentialSets(
    names.map((name) => {
      const secretId = secretOptions.fetchData[name] ?? name;
      const result = results.get(name);
      if (result?.status !== "fulfilled") {
        const reason = result?.status === "rejected" ? describeError(result.reason) : "no value";
        return [
          name,
          new ConfigError(
            secretId,
            `credential set "${name}" could not be read from Secrets Manager: ${reason}`,
          ),
        ] as const;
      }
      return [name, validate(name, secretId, result.value)] as const;
    }),
  );
}
