import type { SecretsManagerLike } from "../config/awsClients.ts";
import { readSecret, type SecretSpec, secretVariable, secretWhere } from "../config/secretStore.ts";
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

/**
 * A receiver's secret, in the store credential sets use (`config/secretStore.ts`): JSON
 * `{"url", "signingSecret"?, "routingKey"?}`, or the bare URL, or one variable per field.
 */
const RECEIVER_SECRET: SecretSpec<ReceiverSecretInput> = {
  noun: "receiver secret",
  prefixVariable: RECEIVER_SECRET_PREFIX_VARIABLE,
  variablePrefix: "SHEPHERD_RECEIVER_",
  fields: { url: "URL", signingSecret: "SIGNING_SECRET", routingKey: "ROUTING_KEY" },
  schema: ReceiverSecretInputSchema,
  shape: SECRET_SHAPE,
  fromText: (url) => ({ url }),
};

/** `ops-slack` -> `SHEPHERD_RECEIVER_OPS_SLACK`. */
export function receiverSecretVariable(name: string): string {
  return secretVariable(RECEIVER_SECRET, name);
}

/** Resolves a receiver's secret; `deliver` calls it once per delivery. */
export type ResolveSecret = (receiver: Receiver) => Promise<ReceiverSecret>;

export interface ReceiverSecretsOptions {
  /**
   * The environment, passed in: shared/config is the only code that reads `process.env`, so the
   * handler hands over what the config module gives it.
   */
  env: NodeJS.ProcessEnv;
  /** Default: a SecretsManagerClient, created on first use. */
  secretsManager?: SecretsManagerLike | undefined;
  now?: () => Date;
  /** A warm function reads a secret again after this long, so a rotation takes effect. Default 5 min. */
  maxAgeMs?: number;
}

/**
 * Reads a receiver's secret when a delivery needs it, not before: deliver handles one receiver
 * per invocation and reads that one secret. Loaded secrets are cached for `maxAgeMs`; a failed
 * load is not cached. A secret that lacks a field the receiver's type needs, or holds one it
 * would ignore, is a `ConfigError` naming the field.
 */
export function createReceiverSecrets(options: ReceiverSecretsOptions): ResolveSecret {
  const now = options.now ?? (() => new Date());
  const maxAgeMs = options.maxAgeMs ?? 5 * 60_000;
  const cache = new Map<string, { at: number; value: ReceiverSecretInput }>();

  async function load(ref: string): Promise<ReceiverSecretInput> {
    const hit = cache.get(ref);
    if (hit && now().getTime() - hit.at < maxAgeMs) return hit.value;
    const value = await readSecret(RECEIVER_SECRET, ref, options);
    cache.set(ref, { at: now().getTime(), value });
    return value;
  }

  return async (receiver) => {
    const ref = receiver.secret ?? receiver.name;
    const input = await load(ref);
    const problem = secretProblem(receiver.type, input);
    if (problem) {
      throw new ConfigError(
        secretWhere(RECEIVER_SECRET, ref, options.env),
        `${problem} (secret "${ref}")`,
      );
    }
    return receiverSecret(input);
  };
}
