import { ConfigError, ProviderError } from "../errors.ts";

/** The `error` of an Action Failed: what the cloud (or the config) said, and nothing secret. */
export interface ActionError {
  kind: string | null;
  code: string | null;
  message: string;
  requestId: string | null;
}

/** The cloud did not act, or acting again is harmless because every action re-reads first. */
const TRANSIENT = new Set(["throttle", "server", "network", "timeout"]);

/**
 * Sorts a failure into "throw" and "report". Throttling, 5xx, network errors and timeouts are
 * rethrown: Lambda's async retry and then the on-failure destination take over, and a retried
 * invocation re-reads before it acts. Everything else is permanent and becomes Action Failed:
 * an auth failure above all must not be retried, since Huawei locks a key after five in a row.
 * Anything that is neither a ProviderError nor a ConfigError is a bug and is rethrown.
 */
export function reportableError(error: unknown): ActionError {
  if (error instanceof ProviderError) {
    if (TRANSIENT.has(error.kind)) throw error;
    return {
      kind: error.kind,
      code: error.code ?? (error.status !== undefined ? `HTTP ${error.status}` : null),
      message: error.providerMessage ?? error.message,
      requestId: error.requestId ?? null,
    };
  }
  if (error instanceof ConfigError) {
    return { kind: "config", code: null, message: error.message, requestId: null };
  }
  throw error;
}

/** A 4xx answer to an action call: the cloud looked at the request and declined it. */
export const isRefusal = (error: unknown): error is ProviderError =>
  error instanceof ProviderError && error.kind === "client";
