import * as z from "zod";
import type { SecretsManagerLike } from "../config/awsClients.ts";
import { readSecret, type SecretSpec, secretVariable, secretWhere } from "../config/secretStore.ts";
import { ConfigError } from "../errors.ts";
import { Redacted } from "../redacted.ts";
import type { SilenceTarget } from "./quietConfig.ts";

/** When set, silence target secrets come from Secrets Manager, secret id `<prefix><name>`. */
export const QUIET_SECRET_PREFIX_VARIABLE = "SHEPHERD_QUIET_SECRET_PREFIX";

type QuietSecretInput = { username?: string; password?: string; token?: string };

/**
 * A target's secret, in the store credential sets and receivers use (`config/secretStore.ts`):
 * `{"username", "password"}` for Alertmanager basic auth, `{"token"}` for a bearer token or a
 * PagerDuty REST API key; or one variable per field locally (`SHEPHERD_QUIET_<NAME>_TOKEN`).
 */
const QUIET_SECRET: SecretSpec<QuietSecretInput> = {
  noun: "silence target secret",
  prefixVariable: QUIET_SECRET_PREFIX_VARIABLE,
  variablePrefix: "SHEPHERD_QUIET_",
  fields: { username: "USERNAME", password: "PASSWORD", token: "TOKEN" },
  schema: z
    .object({
      username: z.string().min(1).optional(),
      password: z.string().min(1).optional(),
      token: z.string().min(1).optional(),
    })
    .strict(),
  shape: '{"username": "...", "password": "..."} or {"token": "..."}',
};

/** The `Authorization` header a target is sent (redacted when printed), or none. */
export interface TargetAuth {
  readonly authorization: string | undefined;
  /** The raw values, to scrub from anything a target quotes back. */
  readonly values: readonly string[];
}

const NO_AUTH: TargetAuth = { authorization: undefined, values: [] };

/** `prod-am` -> `SHEPHERD_QUIET_PROD_AM`. */
export const quietSecretVariable = (name: string): string => secretVariable(QUIET_SECRET, name);

export interface QuietSecretsOptions {
  /** The environment, handed over by shared/config (the only code that reads `process.env`). */
  env: NodeJS.ProcessEnv;
  secretsManager?: SecretsManagerLike | undefined;
  now?: () => Date;
  /** A warm function reads a secret again after this long, so a rotation takes effect. Default 5 min. */
  maxAgeMs?: number;
}

export type ResolveTargetAuth = (target: SilenceTarget) => Promise<TargetAuth>;

/**
 * Reads a target's secret when a run first needs it, and caches it for `maxAgeMs` (a failed read
 * is not cached): poll-status touches a target only when a cluster is being kept quiet. What the
 * secret must hold follows the target: basic auth `username` and `password`, bearer and
 * PagerDuty `token`, and nothing else, so a field that would be silently ignored is refused. A
 * wrong secret is a `ConfigError` naming the secret id or variable and the fields, never a value.
 */
export function createQuietSecrets(options: QuietSecretsOptions): ResolveTargetAuth {
  const now = options.now ?? (() => new Date());
  const maxAgeMs = options.maxAgeMs ?? 5 * 60_000;
  const cache = new Map<string, { at: number; value: QuietSecretInput }>();
  const load = async (ref: string) => {
    const hit = cache.get(ref);
    if (hit && now().getTime() - hit.at < maxAgeMs) return hit.value;
    const value = await readSecret(QUIET_SECRET, ref, options);
    cache.set(ref, { at: now().getTime(), value });
    return value;
  };
  return async (target) => {
    const scheme = target.type === "pagerduty" ? "pagerduty" : target.auth;
    if (scheme === "none") return NO_AUTH;
    const ref = target.secret ?? target.name;
    const s = await load(ref);
    type Field = keyof QuietSecretInput;
    const needs: Field[] = scheme === "basic" ? ["username", "password"] : ["token"];
    // A loaded secret is redacted (no enumerable keys): ask each field by name.
    const given = (["username", "password", "token"] as const).filter((k) => s[k] !== undefined);
    const missing = needs.filter((f) => !given.includes(f));
    const unused = given.filter((f) => !needs.includes(f));
    if (missing.length > 0 || unused.length > 0) {
      const what = [
        missing.length ? `needs ${missing.map((f) => `"${f}"`).join(" and ")}` : "",
        unused.length ? `does not use ${unused.map((f) => `"${f}"`).join(", ")}` : "",
      ].filter(Boolean);
      throw new ConfigError(
        secretWhere(QUIET_SECRET, ref, options.env),
        `silence target ${target.name} (${scheme === "pagerduty" ? "PagerDuty" : `${scheme} auth`}) ${what.join(" and ")} in its secret "${ref}"`,
      );
    }
    const authorization =
      scheme === "basic"
        ? `Basic ${Buffer.from(`${s.username}:${s.password}`).toString("base64")}`
        : scheme === "bearer"
          ? `Bearer ${s.token}`
          : `Token token=${s.token}`;
    // The header, and its credential alone (a proxy may quote either back in an error body).
    const credential = authorization.slice(authorization.indexOf(" ") + 1);
    const values = [s.username, s.password, s.token, authorization, credential].filter(
      (v): v is string => v !== undefined,
    );
    return new RedactedAuth(authorization, values);
  };
}

/** Reads like a plain object; prints as `[redacted]` every way `shared/redacted.ts` covers. */
class RedactedAuth extends Redacted implements TargetAuth {
  readonly #authorization: string;
  readonly #values: readonly string[];
  constructor(authorization: string, values: readonly string[]) {
    super();
    this.#authorization = authorization;
    this.#values = values;
  }
  get authorization(): string {
    return this.#authorization;
  }
  get values(): readonly string[] {
    return this.#values;
  }
}
