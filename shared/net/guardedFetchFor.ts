import { createKeepAliveFetch, type FetchLike } from "../client/transport.ts";
import { guardedLookup } from "../notify/urlPolicy.ts";

/**
 * One keep-alive fetch per network policy, made on first use, for URLs from config or secrets
 * (webhooks, silence targets). What the URL check passed is what the socket dials: the agent's
 * own lookup is the same SSRF guard (shared/net/addressPolicy.ts), which closes the DNS-rebinding
 * gap between check and connect. One that allows its private network still never reaches a
 * reserved, multicast or unspecified address.
 */
export function guardedFetchFor(): (allowPrivateNetwork: boolean) => FetchLike {
  const fetches = new Map<boolean, FetchLike>();
  return (allowPrivate) => {
    let f = fetches.get(allowPrivate);
    if (!f) {
      f = createKeepAliveFetch({ lookup: guardedLookup(allowPrivate, allowPrivate) });
      fetches.set(allowPrivate, f);
    }
    return f;
  };
}
