import {
  type AddressPolicy,
  addressAllowed,
  addressRange,
  guardedLookup as guardAtConnect,
  type ResolveAll,
  type ResolvedAddress,
  STRICT,
  systemResolve,
  vetHost,
} from "../net/addressPolicy.ts";

/** One resolved address; the guard's own type (shared/net/addressPolicy.ts). */
export type LookupAddress = ResolvedAddress;

/** Every address a host name resolves to; injected, so tests decide what a name resolves to. */
export type LookupAll = ResolveAll;

/** The system resolver, as connections use it (getaddrinfo), every address. */
export const systemLookup: LookupAll = systemResolve;

export { addressRange };

export interface UrlPolicy {
  /** Plain http: only in the local stack, where the sink listens without TLS. */
  allowHttp: boolean;
  /** Loopback addresses: only in the local stack, where the sink is on 127.0.0.1. */
  allowLoopback: boolean;
  /** The receiver's `allowPrivateNetwork`: private, loopback and link-local hosts allowed. */
  allowPrivateNetwork: boolean;
}

/**
 * `ok: false` with a reason safe to log: it never repeats the URL (which may carry a token),
 * only what was wrong with it. `transient` marks a DNS failure, which may pass.
 */
export type UrlCheck = { ok: true } | { ok: false; reason: string; transient: boolean };

/** What a receiver may reach: the guard's policy for its `allowPrivateNetwork` and the stack. */
export const receiverAddressPolicy = (policy: {
  allowLoopback: boolean;
  allowPrivateNetwork: boolean;
}): AddressPolicy => ({
  allowLoopback: policy.allowLoopback || policy.allowPrivateNetwork,
  allowPrivate: policy.allowPrivateNetwork,
});

/** Globally routable unicast, judged as the SSRF guard judges it (IPv6 by any IPv4 it carries). */
export const isPublicAddress = (address: string): boolean => addressAllowed(address, STRICT);

/**
 * The SSRF guard for receivers (shared/net/addressPolicy.ts, the one probes use too). Receiver
 * URLs come from config and secrets, so a typo or a hostile value must not turn the function into
 * a client of its own network: https only (http in the local stack), no credentials in the URL,
 * and every address the host resolves to must be public unless the receiver is explicitly
 * allowed. Redirects are not followed (deliver sends `redirect: manual`), so a public host
 * cannot bounce the request inward.
 */
export async function checkUrl(
  url: string,
  policy: UrlPolicy,
  lookup: LookupAll,
): Promise<UrlCheck> {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return refuse("the URL is not a valid URL");
  }
  if (u.protocol !== "https:" && !(u.protocol === "http:" && policy.allowHttp)) {
    return refuse(
      u.protocol === "http:"
        ? "plain http is refused outside the local stack: use https"
        : `the scheme ${u.protocol} is not allowed: use https`,
    );
  }
  if (u.username || u.password) return refuse("the URL carries a user name or password");
  const verdict = await vetHost(u.hostname, receiverAddressPolicy(policy), lookup);
  if (verdict.ok) return { ok: true };
  return verdict.transient
    ? verdict
    : refuse(`${verdict.reason}; set allowPrivateNetwork on the receiver to allow it`);
}

const refuse = (reason: string): UrlCheck => ({ ok: false, reason, transient: false });

/**
 * The same guard at connect time, for the transport's `lookup` option: the addresses checked are
 * the addresses connected to, which closes the DNS-rebinding gap between `checkUrl` and the
 * connection.
 */
export function guardedLookup(allowPrivateNetwork = false, allowLoopback = false) {
  return guardAtConnect(receiverAddressPolicy({ allowLoopback, allowPrivateNetwork }));
}
