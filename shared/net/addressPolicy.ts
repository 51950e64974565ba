import dns from "node:dns";
import type { LookupFunction } from "node:net";
import ipaddr from "ipaddr.js";

/**
 * The one SSRF guard: which addresses an outbound request the product makes from a URL in its
 * config (webhook receivers, health probes) may reach, judged when the URL is checked and again
 * when the socket connects (DNS rebinding). Only globally routable unicast passes by default; the
 * metadata service (169.254.169.254), the VPC, the function's own loopback and every reserved
 * range are refused.
 */
export interface AddressPolicy {
  /** Loopback (127.0.0.0/8, ::1): the local stack only, where the sink and workloads listen. */
  allowLoopback: boolean;
  /** Private, unique-local, link-local and carrier-grade NAT: a receiver or probe that opts in. */
  allowPrivate: boolean;
}

export const STRICT: AddressPolicy = { allowLoopback: false, allowPrivate: false };

/** The ranges `allowPrivate` opens (ipaddr.js range names). */
const PRIVATE_RANGES = new Set(["private", "uniqueLocal", "linkLocal", "carrierGradeNat"]);

/** IPv4-compatible IPv6, `::a.b.c.d` (RFC 4291 2.5.5.1, deprecated): ipaddr.js names no range. */
const IPV4_COMPATIBLE = ipaddr.parseCIDR("::/96");
/** NAT64 local-use prefix (RFC 8215): the IPv4 sits where the network's prefix length puts it. */
const NAT64_LOCAL = ipaddr.parseCIDR("64:ff9b:1::/48");

/** The IPv4 address in bytes [from, from+4) of a 16-byte IPv6, skipping byte 8 (RFC 6052 2.2). */
function ipv4At(bytes: number[], from: number): ipaddr.IPv4 {
  const octets: number[] = [];
  for (let i = from; octets.length < 4; i++) if (i !== 8) octets.push(bytes[i] ?? 0);
  return new ipaddr.IPv4(octets);
}

/**
 * Every IPv4 address an IPv6 address carries, by the range ipaddr.js names for it: IPv4-mapped
 * `::ffff:0:0/96` and IPv4-translated `::ffff:0:0:0/96` (last 32 bits), IPv4-compatible `::/96`,
 * NAT64 `64:ff9b::/96` (RFC 6052, last 32 bits) and `64:ff9b:1::/48` (RFC 8215: each position
 * RFC 6052 allows for a prefix of /48 to /96, since the network's length is not known here, all
 * of which must pass),
 * 6to4 `2002::/16` (bits 16-47) and Teredo `2001::/32` (the server, bits 32-63, and the client,
 * the last 32 bits inverted). Empty for an address that carries none.
 */
export function embeddedIPv4(address: ipaddr.IPv6): ipaddr.IPv4[] {
  const bytes = address.toByteArray();
  const last = () => ipv4At(bytes, 12);
  const range = address.range();
  if (range === "ipv4Mapped" || range === "rfc6145") return [last()];
  if (address.match(NAT64_LOCAL)) {
    // Positions for /48, /56, /64 and /96. Bits that are the prefix's or the suffix's, not the
    // IPv4's, read as 0.x.x.x, an address no NAT64 translates to: those are not candidates.
    const all = [ipv4At(bytes, 6), ipv4At(bytes, 7), ipv4At(bytes, 9), last()];
    const real = all.filter((v4) => v4.range() !== "unspecified");
    return real.length > 0 ? real : all;
  }
  if (range === "rfc6052") return [last()];
  if (range === "6to4") return [ipv4At(bytes, 2)];
  if (range === "teredo") {
    return [ipv4At(bytes, 4), new ipaddr.IPv4(bytes.slice(12, 16).map((b) => b ^ 0xff))];
  }
  if (range === "unspecified" || range === "loopback") return [];
  if (address.match(IPV4_COMPATIBLE)) return [last()];
  return [];
}

/**
 * The range an address is judged by: ipaddr.js's name for it, or, for an IPv6 address that
 * carries IPv4 addresses, the first of theirs that is not `unicast` (else `unicast`). `invalid`
 * for what is not an IP address.
 */
export function addressRange(address: string): string {
  if (!ipaddr.isValid(address)) return "invalid";
  const parsed = ipaddr.parse(address);
  if (parsed.kind() === "ipv4") return parsed.range();
  const carried = embeddedIPv4(parsed as ipaddr.IPv6);
  if (carried.length === 0) return parsed.range();
  return carried.map((v4) => v4.range()).find((r) => r !== "unicast") ?? "unicast";
}

/** Whether the policy lets a connection reach this address. */
export function addressAllowed(address: string, policy: AddressPolicy): boolean {
  const range = addressRange(address);
  if (range === "unicast") return true;
  if (range === "loopback") return policy.allowLoopback;
  return PRIVATE_RANGES.has(range) && policy.allowPrivate;
}

export interface ResolvedAddress {
  address: string;
  family: number;
}

/** Every address a host name resolves to; injected, so tests decide what a name resolves to. */
export type ResolveAll = (hostname: string) => Promise<readonly ResolvedAddress[]>;

/** The system resolver, as connections use it (getaddrinfo), every address. */
export const systemResolve: ResolveAll = (hostname) =>
  dns.promises.lookup(hostname, { all: true, verbatim: true });

/**
 * `ok` with every address the host resolves to, each allowed; or why not, in words safe to log
 * (never the URL, which may carry a token). `transient` marks a DNS failure, which may pass.
 */
export type HostVerdict =
  | { ok: true; addresses: readonly ResolvedAddress[] }
  | { ok: false; reason: string; transient: boolean; blocked?: string };

/** `[::1]` in a URL is `::1` to a resolver. */
export const bareHost = (hostname: string): string => hostname.replace(/^\[(.*)\]$/, "$1");

/**
 * The check-time half of the guard: resolves the URL's host (an IP literal is taken as it is)
 * and requires every address to be allowed, since the connection could pick any of them.
 */
export async function vetHost(
  hostname: string,
  policy: AddressPolicy,
  resolve: ResolveAll,
): Promise<HostVerdict> {
  const host = bareHost(hostname);
  if (!host) return { ok: false, reason: "the URL has no host", transient: false };
  let addresses: readonly ResolvedAddress[];
  if (ipaddr.isValid(host)) {
    addresses = [{ address: host, family: ipaddr.parse(host).kind() === "ipv6" ? 6 : 4 }];
  } else {
    try {
      addresses = await resolve(host);
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      return {
        ok: false,
        reason: `the host did not resolve (${String(code ?? "lookup failed")})`,
        transient: true,
      };
    }
  }
  if (addresses.length === 0) {
    return { ok: false, reason: "the host resolved to no address", transient: true };
  }
  const blocked = addresses.find((a) => !addressAllowed(a.address, policy));
  if (blocked) {
    return {
      ok: false,
      reason: `the host resolves to ${blocked.address}, a ${addressRange(blocked.address)} address`,
      transient: false,
      blocked: blocked.address,
    };
  }
  return { ok: true, addresses };
}

/** The error a refused connection fails with: its code, never the host or URL. */
export const REFUSED_CODE = "ESHEPHERDPRIVATE";

type LookupAllCallback = (
  error: NodeJS.ErrnoException | null,
  addresses: { address: string; family: number }[],
) => void;

/**
 * The connect-time half of the guard, for the `lookup` option of an `http(s).Agent`: the
 * addresses the socket may connect to are the ones the resolver returns now, each judged again,
 * which closes the gap between the check's lookup and the connection's (DNS rebinding). `dnsLookup`
 * is injectable so a test can answer for a name.
 */
export function guardedLookup(
  policy: AddressPolicy,
  dnsLookup: typeof dns.lookup = dns.lookup,
): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) {
        callback(error, "", 0);
        return;
      }
      const list = addresses as unknown as ResolvedAddress[];
      const bad = list.find((a) => !addressAllowed(a.address, policy));
      if (bad) {
        const refused = Object.assign(
          new Error(`refused to connect to a ${addressRange(bad.address)} address`),
          { code: REFUSED_CODE },
        );
        callback(refused, "", 0);
        return;
      }
      if (options.all) (callback as unknown as LookupAllCallback)(null, list);
      else callback(null, list[0]?.address ?? "", list[0]?.family ?? 4);
    });
  };
}
