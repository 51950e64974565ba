import type { MiddlewareObj } from "@middy/core";
import { ConfigError } from "../errors.ts";
import { envValue } from "./configSource.ts";
import { parseDuration } from "./duration.ts";
import {
  type ConfigNeed,
  type ConfigSlice,
  type LoadShepherdConfigOptions,
  loadShepherdConfig,
  type ShepherdConfig,
} from "./loadShepherdConfig.ts";

export const CONFIG_MAX_AGE_VARIABLE = "SHEPHERD_CONFIG_MAX_AGE";
const DEFAULT_MAX_AGE = "5m";

/** What the middleware adds to the Lambda context: the slice of config the function needs. */
export interface ShepherdContext<N extends ConfigNeed = ConfigNeed> {
  shepherd: ConfigSlice<N>;
}

export interface ShepherdConfigMiddlewareOptions<N extends ConfigNeed = ConfigNeed>
  extends LoadShepherdConfigOptions<N> {
  /** The clock for the reload age; injectable so tests need no sleeps. */
  now?: () => number;
}

/**
 * Loads the config and what `needs` names (`loadShepherdConfig`) when the function module loads
 * (cold start), so a bad config fails before the first event, and puts it on `context.shepherd`. A warm container reloads
 * after `SHEPHERD_CONFIG_MAX_AGE` (default 5m), so an edited SSM parameter or S3 object, or a
 * rotated secret, takes effect without a deploy. A failed load is not kept: the next invocation
 * tries again.
 */
export function shepherdConfigMiddleware<N extends ConfigNeed = ConfigNeed>(
  options: ShepherdConfigMiddlewareOptions<N> = {},
): MiddlewareObj<unknown, unknown, Error, ShepherdContext<N>> {
  const env = options.env ?? process.env;
  const now = options.now ?? Date.now;
  const maxAge = configMaxAge(env);
  let current: { loadedAt: number; promise: Promise<ConfigSlice<N>> } | undefined;

  const load = () => {
    const entry = { loadedAt: now(), promise: loadShepherdConfig({ ...options, env }) };
    entry.promise.catch(() => {
      if (current === entry) current = undefined;
    });
    current = entry;
    return entry;
  };
  load();

  const shepherdConfigBefore = async (request: { context: ShepherdContext<N> }) => {
    const entry = current && now() - current.loadedAt <= maxAge ? current : load();
    const loaded = await entry.promise;
    // A credential set that could not be read is not kept: the next invocation reads it again.
    if (hasFailedCredentials(loaded) && current === entry) current = undefined;
    request.context.shepherd = loaded;
  };
  return { name: "shepherd-config", before: shepherdConfigBefore };
}

function hasFailedCredentials(loaded: Partial<ShepherdConfig>): boolean {
  return (loaded.credentials?.errors.length ?? 0) > 0;
}

function configMaxAge(env: NodeJS.ProcessEnv): number {
  const raw = envValue(env, CONFIG_MAX_AGE_VARIABLE) ?? DEFAULT_MAX_AGE;
  const ms = parseDuration(/^\d+(\.\d+)?$/.test(raw) ? Number(raw) : raw);
  if (ms === undefined) {
    throw new ConfigError(
      CONFIG_MAX_AGE_VARIABLE,
      `must be a duration like "5m" or a number of seconds; got ${JSON.stringify(raw)} (default ${DEFAULT_MAX_AGE})`,
    );
  }
  return ms;
}
