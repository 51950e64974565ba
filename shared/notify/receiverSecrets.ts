import { envValue } from "../config/configSource.ts";
import {
  type AwsSdkClient,
  awsClientClass,
  describeError,
  fetchWithMiddy,
} from "../config/middyFetch.ts";
import { ConfigError } from "../errors.ts";
import type { Receiver } from "./config.ts";
import {
  type ReceiverSecret,
  type ReceiverSecretInput,
  ReceiverSecretInputSchema,
  receiverSecret,
  SECRET_SHAPE,
  secretProblem,
} from "./receiverSecret.ts";

/** When set, receiver secrets come from Secrets Manager, secret id `<prefix><name>`. */
export const RECEIVER_SECRET_PREFIX_VARIABLE = "SHEPHERD_RECEIVER_SECRET_PREFIX";

/** `ops-slack` -> `SHEPHERD_RECEIVER_OPS_SLACK`. */
export function receiverSecretVariable(name: string): string {
  return `SHEPHERD_RECEIVER_${name.toUpperCase().replaceAll("-", "_")}`;
}

/** Resolves a receiver's secret; `deliver` calls it once per delivery. */
export type ResolveSecret = (receiver: Receiver) => Promise<ReceiverSecret>;

export interface ReceiverSecretsOptions {
  /**
   * The environment, passed in: shared/config is the only code that reads `process.env`, so the
   * handler hands over what the config module gives it.
   */
  env: NodeJS.ProcessEnv;
  /** Used through @middy/secrets-manager. Default: middy's own SecretsManagerClient. */
  secretsManager?: AwsSdkClient | undefined;
  now?: () => Date;
  /** A warm function reads a secret again after this long, so a rotation takes effect. Default 5 min. */
  maxAgeMs?: number;
}

/**
 * The same mechanism as credential sets: Secrets Manager when the prefix variable is set (a
 * deployed function never falls back to its console-visible environment), environment variables
 * locally. Each form holds `{"url", "signingSecret"?, "routingKey"?}` or the bare URL. Loaded
 * secrets are cached for `maxAgeMs`; a failed load is not cached.
 */
export function createReceiverSecrets(options: ReceiverSecretsOptions): ResolveSecret {
  const now = options.now ?? (() => new Date());
  const maxAgeMs = options.maxAgeMs ?? 5 * 60_000;
  const cache = new Map<string, { at: number; value: ReceiverSecretInput }>();
  const prefix = envValue(options.env, RECEIVER_SECRET_PREFIX_VARIABLE);

  async function load(ref: string): Promise<ReceiverSecretInput> {
    const hit = cache.get(ref);
    if (hit && now().getTime() - hit.at < maxAgeMs) return hit.value;
    const value =
      prefix === undefined
        ? fromEnv(ref, options.env)
        : await fromSecretsManager(ref, prefix, options.secretsManager);
    cache.set(ref, { at: now().getTime(), value });
    return value;
  }

  return async (receiver) => {
    const ref = receiver.secret ?? receiver.name;
    const input = await load(ref);
    const problem = secretProblem(receiver.type, input);
    if (problem) throw new ConfigError(secretWhere(ref, prefix), `${problem} (secret "${ref}")`);
    return receiverSecret(input);
  };
}

const secretWhere = (ref: string, prefix: string | undefined): string =>
  prefix === undefined ? receiverSecretVariable(ref) : `${prefix}${ref}`;

function fromEnv(ref: string, env: NodeJS.ProcessEnv): ReceiverSecretInput {
  const variable = receiverSecretVariable(ref);
  const whole = envValue(env, variable);
  const fields = {
    url: envValue(env, `${variable}_URL`),
    signingSecret: envValue(env, `${variable}_SIGNING_SECRET`),
    routingKey: envValue(env, `${variable}_ROUTING_KEY`),
  };
  const hasFields = Object.values(fields).some((v) => v !== undefined);
  if (whole !== undefined && hasFields) {
    throw new ConfigError(
      variable,
      `receiver secret "${ref}" is given twice: set either ${variable} or ${variable}_URL/_SIGNING_SECRET/_ROUTING_KEY, not both`,
    );
  }
  if (whole !== undefined) return validate(ref, variable, parseSecretText(whole));
  if (hasFields) {
    return validate(
      ref,
      `${variable}_*`,
      Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)),
    );
  }
  throw new ConfigError(
    variable,
    `receiver secret "${ref}" is not set: set ${variable} to ${SECRET_SHAPE}, or ${variable}_URL (and _SIGNING_SECRET or _ROUTING_KEY)`,
  );
}

async function fromSecretsManager(
  ref: string,
  prefix: string,
  client: AwsSdkClient | undefined,
): Promise<ReceiverSecretInput> {
  const { default: secretsManager } = await import("@middy/secrets-manager");
  const secretId = `${prefix}${ref}`;
  const results = await fetchWithMiddy(
    secretsManager({
      fetchData: { [ref]: secretId },
      cacheKey: `upgrade-shepherd-receiver-${ref}`,
      cacheExpiry: 0,
      disablePrefetch: true,
      ...(client ? { AwsClient: awsClientClass(client) as never } : {}),
    }),
    [ref],
  );
  const result = results.get(ref);
  if (result?.status !== "fulfilled") {
    const reason = result?.status === "rejected" ? describeError(result.reason) : "no value";
    throw new ConfigError(
      secretId,
      `receiver secret "${ref}" could not be read from Secrets Manager: ${reason}`,
    );
  }
  const value = typeof result.value === "string" ? parseSecretText(result.value) : result.value;
  return validate(ref, secretId, value);
}

/** JSON.parse's message quotes the text it choked on, which is a secret: it is dropped. */
function parseSecretText(text: string): unknown {
  const trimmed = text.trim();
  if (!trimmed.startsWith("{")) return { url: trimmed };
  try {
    return JSON.parse(trimmed);
  } catch {
    return null;
  }
}

/** Names the fields at fault, never their values or unknown keys, and carries no `cause`. */
function validate(ref: string, where: string, value: unknown): ReceiverSecretInput {
  const result = ReceiverSecretInputSchema.safeParse(value);
  if (result.success) return result.data;
  const faults = [
    ...new Set(
      result.error.issues.map((issue) =>
        issue.code === "unrecognized_keys"
          ? "keys other than url, signingSecret, routingKey"
          : issue.path.length
            ? `${String(issue.path[0])} (empty or not a string)`
            : "not a JSON object",
      ),
    ),
  ];
  throw new ConfigError(
    where,
    `receiver secret "${ref}" must be ${SECRET_SHAPE}; wrong: ${faults.join(", ")}`,
  );
}
