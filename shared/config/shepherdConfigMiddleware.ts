import type { MiddlewareObj } from "@middy/core";
import { ConfigError } from "../errors.ts";
import { envValue } from "./configSource.ts";
import { parseDuration } from "./duration.ts";
import {
  type LoadShepherdConfigOptions,
  loadShepherdConfig,
  type ShepherdConfig,
} from "./loadShepherdConfig.ts";

export const CONFIG_MAX_AGE_VARIABLE = "SHEPHERD_CONFIG_MAX_AGE";
const DEFAULT_MAX_AGE = "5m";

/** What the middleware adds to the Lambda context. */
export interface ShepherdContext {
  shepherd: ShepherdConfig;
}

export interface ShepherdConfigMiddlewareOptions extends LoadShepherdConfigOptions {
  /** The clock for the reload age; injectable so tests need no sleeps. */
  now?: () => number;
}

/**
 * Loads config and credentials when the function module loads (cold start), so a bad config
 * fails before the first event, and puts them on `context.shepherd`. A warm container reloads
 * after `SHEPHERD_CONFIG_MAX_AGE` (default 5m), so an edited SSM parameter or S3 object, or a
 * rotated secret, takes effect without a deploy. A failed load is not kept: the next invocation
 * tries again.
 */
export function shepherdConfigMiddleware(
  options: ShepherdConfigMiddlewareOptions = {},
): MiddlewareObj<unknown, unknown, Error, ShepherdContext> {
  const env = options.env ?? process.env;
  const now = options.now ?? Date.now;
  const maxAge = configMaxAge(env);
  let current: { loadedAt: number; promise: Promise<ShepherdConfig> } | undefined;

  const load = () => {
    const entry = { loadedAt: now(), promise: loadShepherdConfig({ ...options, env }) };
    entry.promise.catch(() => {
      if (current === entry) current = undefined;
    });
    current = entry;
    return entry;
  };
  load();

  const shepherdConfigBefore = async (request: { context: ShepherdContext }) => {
    const entry = current && now() - current.loadedAt <= maxAge ? current : load();
    const loaded = await entry.promise;
    // A credential set that could not be read is not kept: the next invocation reads it again.
    if (loaded.credentials.errors.length > 0 && current === entry) current = undefined;
    request.context.shepherd = loaded;
  };
  return { name: "shepherd-config", before: shepherdConfigBefore };
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
