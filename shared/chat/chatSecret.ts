import * as z from "zod";
import type { SecretsManagerLike } from "../config/awsClients.ts";
import { envValue } from "../config/configSource.ts";
import { readSecret, type SecretSpec } from "../config/secretStore.ts";
import { Redacted } from "../redacted.ts";

/**
 * In the cloud: the Secrets Manager prefix of the chat secret, whose id is `<prefix>chat-secret`
 * (like receiver secrets). A deployed function never reads it from its environment.
 */
export const CHAT_SECRET_PREFIX_VARIABLE = "SHEPHERD_CHAT_SECRET_PREFIX";
/** Locally: the chat secret as JSON, or one `SHEPHERD_CHAT_SECRET_<FIELD>` variable per field. */
export const CHAT_SECRET_VARIABLE = "SHEPHERD_CHAT_SECRET";
/** chat-action's public URL (its Lambda function URL): the base of every signed link. */
export const CHAT_ACTION_URL_VARIABLE = "SHEPHERD_CHAT_ACTION_URL";
/** The secret's name: `SHEPHERD_CHAT_SECRET` locally, `<prefix>chat-secret` in Secrets Manager. */
const NAME = "chat-secret";

const FIELDS = {
  tokenKey: "TOKEN_KEY",
  slackSigningSecret: "SLACK_SIGNING_SECRET",
  slackBotToken: "SLACK_BOT_TOKEN",
  feishuEncryptKey: "FEISHU_ENCRYPT_KEY",
  feishuVerificationToken: "FEISHU_VERIFICATION_TOKEN",
} as const;

export const ChatSecretInputSchema = z
  .object({
    /** HMAC-SHA256 key of the action tokens: at least 32 characters (`openssl rand -hex 32`). */
    tokenKey: z.string().min(32),
    /** The Slack app's Signing Secret (Basic Information), for its interactivity callbacks. */
    slackSigningSecret: z.string().min(1).optional(),
    /** A bot token with `usergroups:read`, only to check `slackUserGroups` membership. */
    slackBotToken: z.string().min(1).optional(),
    /** The Feishu app's Encrypt Key (Events and callbacks > Encryption strategy). */
    feishuEncryptKey: z.string().min(1).optional(),
    /** The Feishu app's Verification Token, checked in each decrypted callback. */
    feishuVerificationToken: z.string().min(1).optional(),
  })
  .strict();
export type ChatSecretInput = z.infer<typeof ChatSecretInputSchema>;

export const CHAT_SECRET_SHAPE =
  '{"tokenKey": "<32+ characters>", "slackSigningSecret"?, "slackBotToken"?, "feishuEncryptKey"?, "feishuVerificationToken"?}';

/** What chat-action and deliver share. Values sit behind getters: no way of printing it shows one. */
export interface ChatSecret {
  readonly tokenKey: string;
  readonly slackSigningSecret: string | undefined;
  readonly slackBotToken: string | undefined;
  readonly feishuEncryptKey: string | undefined;
  readonly feishuVerificationToken: string | undefined;
}

class RedactedChatSecret extends Redacted implements ChatSecret {
  readonly #v: ChatSecretInput;
  constructor(v: ChatSecretInput) {
    super();
    // Field by field: the secret store hands over a redacted record, whose getters are not
    // enumerable, so spreading it would copy nothing.
    this.#v = {
      tokenKey: v.tokenKey,
      slackSigningSecret: v.slackSigningSecret,
      slackBotToken: v.slackBotToken,
      feishuEncryptKey: v.feishuEncryptKey,
      feishuVerificationToken: v.feishuVerificationToken,
    };
    Object.freeze(this);
  }
  get tokenKey(): string {
    return this.#v.tokenKey;
  }
  get slackSigningSecret(): string | undefined {
    return this.#v.slackSigningSecret;
  }
  get slackBotToken(): string | undefined {
    return this.#v.slackBotToken;
  }
  get feishuEncryptKey(): string | undefined {
    return this.#v.feishuEncryptKey;
  }
  get feishuVerificationToken(): string | undefined {
    return this.#v.feishuVerificationToken;
  }
}

export const chatSecret = (v: ChatSecretInput): ChatSecret => new RedactedChatSecret(v);

export interface ChatSecretOptions {
  /** The environment, handed over by the function (only shared/config reads `process.env`). */
  env: NodeJS.ProcessEnv;
  secretsManager?: SecretsManagerLike | undefined;
  now?: () => number;
  /** A warm function reads the secret again after this long, so a rotation takes effect. */
  maxAgeMs?: number;
}

/** Reads the chat secret when first needed, and again after `maxAgeMs`; a failed read is not kept. */
export type LoadChatSecret = () => Promise<ChatSecret>;

const CHAT_SECRET: SecretSpec<ChatSecretInput> = {
  noun: "chat secret",
  prefixVariable: CHAT_SECRET_PREFIX_VARIABLE,
  variablePrefix: "SHEPHERD_",
  fields: FIELDS,
  schema: ChatSecretInputSchema,
  shape: CHAT_SECRET_SHAPE,
};

/**
 * The chat secret, through the one secret store (shared/config/secretStore.ts): Secrets Manager
 * `<SHEPHERD_CHAT_SECRET_PREFIX>chat-secret` when the prefix is set, the environment otherwise.
 * Errors name the variable or secret id and the fields at fault, never a value.
 */
export function createChatSecret(options: ChatSecretOptions): LoadChatSecret {
  const now = options.now ?? Date.now;
  const maxAgeMs = options.maxAgeMs ?? 5 * 60_000;
  let cached: { at: number; value: Promise<ChatSecret> } | undefined;
  return () => {
    if (cached && now() - cached.at < maxAgeMs) return cached.value;
    const entry = {
      at: now(),
      value: readSecret(CHAT_SECRET, NAME, {
        env: options.env,
        secretsManager: options.secretsManager,
      }).then(chatSecret),
    };
    entry.value.catch(() => {
      if (cached === entry) cached = undefined;
    });
    cached = entry;
    return entry.value;
  };
}

/** chat-action's public URL, or null: without it, link channels get no buttons. */
export const chatActionUrl = (env: NodeJS.ProcessEnv): string | null =>
  envValue(env, CHAT_ACTION_URL_VARIABLE) ?? null;
