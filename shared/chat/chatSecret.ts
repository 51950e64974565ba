import * as z from "zod";
import { envValue } from "../config/configSource.ts";
import {
  type AwsSdkClient,
  awsClientClass,
  describeError,
  fetchWithMiddy,
} from "../config/middyFetch.ts";
import { ConfigError } from "../errors.ts";
import { Redacted } from "../redacted.ts";

/** In the cloud: the Secrets Manager id of the chat secret. A deployed function never reads it from its environment. */
export const CHAT_SECRET_ID_VARIABLE = "SHEPHERD_CHAT_SECRET_ID";
/** Locally: the chat secret as JSON, or one `SHEPHERD_CHAT_SECRET_<FIELD>` variable per field. */
export const CHAT_SECRET_VARIABLE = "SHEPHERD_CHAT_SECRET";
/** chat-action's public URL (its Lambda function URL): the base of every signed link. */
export const CHAT_ACTION_URL_VARIABLE = "SHEPHERD_CHAT_ACTION_URL";

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
    this.#v = { ...v };
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
  secretsManager?: AwsSdkClient | undefined;
  now?: () => number;
  /** A warm function reads the secret again after this long, so a rotation takes effect. */
  maxAgeMs?: number;
}

/** Reads the chat secret when first needed, and again after `maxAgeMs`; a failed read is not kept. */
export type LoadChatSecret = () => Promise<ChatSecret>;

/**
 * The chat secret, loaded the way receiver secrets are: Secrets Manager (through
 * @middy/secrets-manager) when `SHEPHERD_CHAT_SECRET_ID` is set, the environment otherwise.
 * Errors name the variable or secret id and the fields at fault, never a value.
 */
export function createChatSecret(options: ChatSecretOptions): LoadChatSecret {
  const now = options.now ?? Date.now;
  const maxAgeMs = options.maxAgeMs ?? 5 * 60_000;
  let cached: { at: number; value: Promise<ChatSecret> } | undefined;
  return () => {
    if (cached && now() - cached.at < maxAgeMs) return cached.value;
    const entry = { at: now(), value: load(options) };
    entry.value.catch(() => {
      if (cached === entry) cached = undefined;
    });
    cached = entry;
    return entry.value;
  };
}

async function load(options: ChatSecretOptions): Promise<ChatSecret> {
  const id = envValue(options.env, CHAT_SECRET_ID_VARIABLE);
  if (id !== undefined) return chatSecret(await fromSecretsManager(id, options.secretsManager));
  const whole = envValue(options.env, CHAT_SECRET_VARIABLE);
  const fields = Object.fromEntries(
    Object.entries(FIELDS).flatMap(([field, suffix]) => {
      const v = envValue(options.env, `${CHAT_SECRET_VARIABLE}_${suffix}`);
      return v === undefined ? [] : [[field, v]];
    }),
  );
  if (whole !== undefined && Object.keys(fields).length > 0) {
    throw new ConfigError(
      CHAT_SECRET_VARIABLE,
      `set either ${CHAT_SECRET_VARIABLE} or its per-field variables, not both`,
    );
  }
  if (whole !== undefined) return chatSecret(validate(CHAT_SECRET_VARIABLE, parse(whole)));
  if (Object.keys(fields).length > 0)
    return chatSecret(validate(`${CHAT_SECRET_VARIABLE}_*`, fields));
  throw new ConfigError(
    CHAT_SECRET_VARIABLE,
    `the chat secret is not set: set ${CHAT_SECRET_ID_VARIABLE} (Secrets Manager) or ${CHAT_SECRET_VARIABLE} to ${CHAT_SECRET_SHAPE}`,
  );
}

async function fromSecretsManager(
  secretId: string,
  client: AwsSdkClient | undefined,
): Promise<ChatSecretInput> {
  const { default: secretsManager } = await import("@middy/secrets-manager");
  const results = await fetchWithMiddy(
    secretsManager({
      fetchData: { chat: secretId },
      cacheKey: "upgrade-shepherd-chat-secret",
      cacheExpiry: 0,
      disablePrefetch: true,
      ...(client ? { AwsClient: awsClientClass(client) as never } : {}),
    }),
    ["chat"],
  );
  const result = results.get("chat");
  if (result?.status !== "fulfilled") {
    const reason = result?.status === "rejected" ? describeError(result.reason) : "no value";
    throw new ConfigError(
      secretId,
      `the chat secret could not be read from Secrets Manager: ${reason}`,
    );
  }
  return validate(secretId, typeof result.value === "string" ? parse(result.value) : result.value);
}

/** JSON.parse's message quotes the text, which is a secret: it is dropped. */
function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/** Names the fields at fault, never a value or an unknown key, and carries no `cause`. */
function validate(where: string, value: unknown): ChatSecretInput {
  const result = ChatSecretInputSchema.safeParse(value);
  if (result.success) return result.data;
  const faults = [
    ...new Set(
      result.error.issues.map((issue) =>
        issue.code === "unrecognized_keys"
          ? `keys other than ${Object.keys(FIELDS).join(", ")}`
          : issue.path.length
            ? `${String(issue.path[0])} (${issue.code === "too_small" ? "too short" : "missing, empty or not a string"})`
            : "not a JSON object",
      ),
    ),
  ];
  throw new ConfigError(
    where,
    `the chat secret must be ${CHAT_SECRET_SHAPE}; wrong: ${faults.join(", ")}`,
  );
}

/** chat-action's public URL, or null: without it, link channels get no buttons. */
export const chatActionUrl = (env: NodeJS.ProcessEnv): string | null =>
  envValue(env, CHAT_ACTION_URL_VARIABLE) ?? null;
