import dns from "node:dns";
import { isIP, type LookupFunction } from "node:net";
import ipaddr from "ipaddr.js";

export interface LookupAddress {
  address: string;
  family: number;
}

/** Every address a host name resolves to; injected, so tests decide what a name resolves to. */
export type LookupAll = (hostname: string) => Promise<readonly LookupAddress[]>;

/** The system resolver, as connections use it (getaddrinfo), every address. */
export const systemLookup: LookupAll = (hostname) =>
  dns.promises.lookup(hostname, { all: true, verbatim: true });

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

/**
 * The IP ranges ipaddr.js names; only `unicast` (globally routable) is allowed by default.
 * Everything else (private, loopback, link-local, unique-local, carrier-grade NAT, multicast,
 * reserved, and IPv6 forms that embed an IPv4 address) could reach the function's own network,
 * such as the instance metadata service at 169.254.169.254.
 */
export function addressRange(address: string): string {
  if (!ipaddr.isValid(address)) return "invalid";
  let parsed = ipaddr.parse(address);
  if (parsed.kind() === "ipv6" && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) {
    parsed = (parsed as ipaddr.IPv6).toIPv4Address();
  }
  return parsed.range();
}

export const isPublicAddress = (address: string): boolean => addressRange(address) === "unicast";

/**
 * The SSRF guard. Receiver URLs come from config and secrets, so a typo or a hostile value must
 * not turn the function into a client of its own network: https only (http in the local stack),
 * no credentials in the URL, and every address the host resolves to must be public unless the
 * receiver is explicitly allowed. Redirects are not followed (deliver sends `redirect: manual`),
 * so a public host cannot bounce the request inward.
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
  const host = u.hostname.replace(/^\[(.*)\]$/, "$1");
  if (!host) return refuse("the URL has no host");
  if (policy.allowPrivateNetwork) return { ok: true };
  let addresses: readonly LookupAddress[];
  if (isIP(host)) {
    addresses = [{ address: host, family: isIP(host) }];
  } else {
    try {
      addresses = await lookup(host);
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      return {
        ok: false,
        reason: `the host did not resolve (${String(code ?? "lookup failed")})`,
        transient: true,
      };
    }
  }
  if (addresses.length === 0)
    return { ok: false, reason: "the host resolved to no address", transient: true };
  for (const a of addresses) {
    const range = addressRange(a.address);
    if (range !== "unicast" && !(range === "loopback" && policy.allowLoopback)) {
      return refuse(
        `the host resolves to ${a.address}, a ${range} address; set allowPrivateNetwork on the receiver to allow it`,
      );
    }
  }
  return { ok: true };
}

const refuse = (reason: string): UrlCheck => ({ ok: false, reason, transient: false });

/**
 * The same guard at connect time, for an `http(s).Agent`'s `lookup` option: it closes the gap
 * between `checkUrl`'s lookup and the connection's own (DNS rebinding), because the addresses
 * checked are the addresses connected to.
 */
export function guardedLookup(allowPrivateNetwork = false): LookupFunction {
  return (hostname, options, callback) => {
    dns.lookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) {
        callback(error, "", 0);
        return;
      }
      const bad = allowPrivateNetwork
        ? undefined
        : addresses.find((a) => !isPublicAddress(a.address));
      if (bad) {
        const refused = Object.assign(
          new Error(`refused to connect to a ${addressRange(bad.address)} address`),
          { code: "ESHEPHERDPRIVATE" },
        );
        callback(refused, "", 0);
        return;
      }
      if (options.all) callback(null, addresses);
      else callback(null, addresses[0]?.address ?? "", addresses[0]?.family ?? 4);
    });
  };
}
