import type * as z from "zod";
import { ConfigError } from "../errors.ts";
import { redacted } from "../redacted.ts";
import { describeAwsError, type SecretsManagerLike } from "./awsClients.ts";
import { envValue } from "./configSource.ts";

type SecretRecord = Readonly<Record<string, string | undefined>>;

/**
 * One kind of secret (credential sets, receiver secrets): where it lives and what it holds.
 * In the cloud it is one Secrets Manager secret per name, id `<prefix><name>`, chosen by the
 * prefix variable being set, so a deployed function never falls back to values in its
 * (console-visible) environment. Locally it is one variable holding JSON, or one variable per
 * field.
 */
export interface SecretSpec<T extends SecretRecord> {
  /** What one secret is called in messages: `credential set`, `receiver secret`. */
  noun: string;
  /** When set (non-empty), secrets come from Secrets Manager, id `<its value><name>`. */
  prefixVariable: string;
  /** The local variable of `prod-huawei` is `<variablePrefix>PROD_HUAWEI`. */
  variablePrefix: string;
  /** Each field and the suffix of its own variable: `{ ak: "AK" }` reads `<variable>_AK`. */
  fields: { readonly [K in keyof T & string]-?: string };
  /** A strict zod object over `fields`: unknown keys are refused, not dropped. */
  schema: z.ZodType<T>;
  /** The expected shape, for messages: `{"ak": "...", "sk": "..."}`. */
  shape: string;
  /** Reads text that is not a JSON object (a bare webhook URL); without it such text is refused. */
  fromText?: (text: string) => unknown;
}

export interface ReadSecretOptions {
  env: NodeJS.ProcessEnv;
  /** Default: one SecretsManagerClient for the process, created on first use. */
  secretsManager?: SecretsManagerLike | undefined;
}

/** `prod-huawei` -> `<variablePrefix>PROD_HUAWEI`. */
export function secretVariable(spec: { variablePrefix: string }, name: string): string {
  return `${spec.variablePrefix}${name.toUpperCase().replaceAll("-", "_")}`;
}

/** Where a name's secret is read from, for messages: its Secrets Manager id or its variable. */
export function secretWhere(
  spec: SecretSpec<SecretRecord>,
  name: string,
  env: NodeJS.ProcessEnv,
): string {
  const prefix = envValue(env, spec.prefixVariable);
  return prefix === undefined ? secretVariable(spec, name) : `${prefix}${name}`;
}

/**
 * Reads, validates and redacts one secret from the store the environment selects. Every
 * failure is a `ConfigError` whose path is the secret id or variable and whose message names
 * the fields at fault, never a value or an unknown key (a pasted secret can end up as a key).
 */
export async function readSecret<T extends SecretRecord>(
  spec: SecretSpec<T>,
  name: string,
  options: ReadSecretOptions,
): Promise<Readonly<T>> {
  const prefix = envValue(options.env, spec.prefixVariable);
  if (prefix === undefined) return readSecretFromEnv(spec, name, options.env);
  const secretId = `${prefix}${name}`;
  let text: string | undefined;
  try {
    const { GetSecretValueCommand } = await import("@aws-sdk/client-secrets-manager");
    const client = options.secretsManager ?? (await defaultSecretsManager());
    text = (await client.send(new GetSecretValueCommand({ SecretId: secretId }))).SecretString;
  } catch (error) {
    throw new ConfigError(
      secretId,
      `${spec.noun} "${name}" could not be read from Secrets Manager: ${describeAwsError(error)}`,
      { cause: error },
    );
  }
  if (text === undefined) {
    throw new ConfigError(
      secretId,
      `${spec.noun} "${name}" has no SecretString in Secrets Manager (a binary secret is not read)`,
    );
  }
  return validate(spec, name, secretId, parseText(spec, text));
}

/**
 * The local form, synchronous: `<variable>` holding JSON (or what `fromText` reads), or one
 * `<variable>_<FIELD>` per field, never both.
 */
export function readSecretFromEnv<T extends SecretRecord>(
  spec: SecretSpec<T>,
  name: string,
  env: NodeJS.ProcessEnv,
): Readonly<T> {
  const variable = secretVariable(spec, name);
  const whole = envValue(env, variable);
  const fieldVariables = Object.entries<string>(spec.fields).map(
    ([field, suffix]) => [field, `${variable}_${suffix}`] as const,
  );
  const fields = Object.fromEntries(
    fieldVariables.flatMap(([field, v]) => {
      const value = envValue(env, v);
      return value === undefined ? [] : [[field, value]];
    }),
  );
  const perField = fieldVariables.map(([, v]) => v.slice(variable.length)).join("/");
  if (whole !== undefined && Object.keys(fields).length > 0) {
    throw new ConfigError(
      variable,
      `${spec.noun} "${name}" is given twice: set either ${variable} or ${variable}${perField}, not both`,
    );
  }
  if (whole !== undefined) return validate(spec, name, variable, parseText(spec, whole));
  if (Object.keys(fields).length > 0) {
    return validate(spec, name, (field) => `${variable}_${field}`, fields);
  }
  throw new ConfigError(
    variable,
    `${spec.noun} "${name}" is not set: set ${variable} to ${spec.shape}, or one variable per field (${variable}${perField})`,
  );
}

const NOT_AN_OBJECT = Symbol("not a JSON object");

/** JSON.parse's message quotes the text it choked on, which here is a secret: it is dropped. */
function parseText(spec: SecretSpec<SecretRecord>, text: string): unknown {
  const trimmed = text.trim();
  if (!trimmed.startsWith("{")) return spec.fromText ? spec.fromText(trimmed) : NOT_AN_OBJECT;
  try {
    return JSON.parse(trimmed);
  } catch {
    return NOT_AN_OBJECT;
  }
}

/**
 * `where` is the secret id or variable, or (per-field form) the variable of a field at fault.
 * No `cause`: zod's issues can quote the input.
 */
function validate<T extends SecretRecord>(
  spec: SecretSpec<T>,
  name: string,
  where: string | ((fieldSuffix: string) => string),
  value: unknown,
): Readonly<T> {
  const suffixes: Readonly<Record<string, string>> = spec.fields;
  const at = (field?: string) =>
    typeof where === "string" ? where : where((field && suffixes[field]) || "*");
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new ConfigError(at(), `${spec.noun} "${name}" must be a JSON object ${spec.shape}`);
  }
  const result = spec.schema.safeParse(value);
  if (result.success) return redacted(result.data);
  const fieldList = Object.keys(spec.fields).join(", ");
  const faults = [
    ...new Set(
      result.error.issues.map((issue) =>
        issue.code === "unrecognized_keys" || issue.path.length === 0
          ? `keys other than ${fieldList}`
          : `${String(issue.path[0])} (missing, empty or not a string)`,
      ),
    ),
  ];
  const firstField = result.error.issues.find((issue) => issue.path.length > 0)?.path[0];
  throw new ConfigError(
    at(firstField === undefined ? undefined : String(firstField)),
    `${spec.noun} "${name}" must be ${spec.shape}; wrong: ${faults.join(", ")}`,
  );
}

let sharedClient: Promise<SecretsManagerLike> | undefined;

/** One client per process, imported on first use: the Lambda runtime provides the SDK. */
function defaultSecretsManager(): Promise<SecretsManagerLike> {
  sharedClient ??= import("@aws-sdk/client-secrets-manager").then(
    ({ SecretsManagerClient }) => new SecretsManagerClient({}),
  );
  return sharedClient;
}
