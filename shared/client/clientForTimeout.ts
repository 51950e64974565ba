import { createSignedClient, type SignedClient } from "./client.ts";

/**
 * One signed client per request timeout, kept across warm invocations (its keep-alive sockets
 * with it), and made anew when a reloaded config changes the timeout. A client passed in (a
 * test's) is always used as it is.
 */
export function clientForTimeout(given?: SignedClient): (timeoutMs: number) => SignedClient {
  let current: { timeoutMs: number; client: SignedClient } | undefined;
  return (timeoutMs) => {
    if (given) return given;
    if (current?.timeoutMs !== timeoutMs)
      current = { timeoutMs, client: createSignedClient({ timeoutMs }) };
    return current.client;
  };
}
