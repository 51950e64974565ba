import ipaddr from "ipaddr.js";
import type { HostLookup, ProbeOptions, ResolvedAddress } from "./probeTypes.ts";

const PRIVATE_RANGES = new Set(["private", "uniqueLocal", "linkLocal", "carrierGradeNat"]);

/**
 * Whether a probe may connect to this address. Only globally routable unicast passes by
 * default: a probe URL that resolves to the metadata service (169.254.169.254), a VPC address
 * or the function's own loopback would turn a config field into a way into the network.
 * IPv4-mapped IPv6 is judged as the IPv4 it carries.
 */
export function addressAllowed(address: string, options: ProbeOptions): boolean {
  if (!ipaddr.isValid(address)) return false;
  const range = ipaddr.process(address).range();
  if (range === "unicast") return true;
  if (range === "loopback") return options.allowLoopback === true;
  return PRIVATE_RANGES.has(range) && options.allowPrivate === true;
}

/** `[::1]` in a URL is `::1` to a resolver. */
const bareHost = (hostname: string): string => hostname.replace(/^\[(.*)\]$/, "$1");

/**
 * The SSRF guard: https only (http only to loopback, when loopback is allowed), and every address
 * the host resolves to must be allowed, since the connection could pick any of them. Returns the
 * address to connect to, or why the probe is refused.
 */
export async function vetProbeTarget(
  url: URL,
  options: ProbeOptions,
  lookup: HostLookup,
): Promise<{ address: ResolvedAddress } | { refused: string }> {
  if (url.username || url.password) return { refused: "the URL carries credentials" };
  const host = bareHost(url.hostname);
  let addresses: readonly ResolvedAddress[];
  if (ipaddr.isValid(host)) {
    addresses = [{ address: host, family: ipaddr.parse(host).kind() === "ipv6" ? 6 : 4 }];
  } else {
    try {
      addresses = await lookup(host);
    } catch (error) {
      return {
        refused: `cannot resolve ${host}: ${error instanceof Error ? error.message : error}`,
      };
    }
  }
  const first = addresses[0];
  if (first === undefined) return { refused: `${host} resolves to no address` };
  const blocked = addresses.find((a) => !addressAllowed(a.address, options));
  if (blocked) {
    return { refused: `${host} resolves to ${blocked.address}, which probes may not reach` };
  }
  if (url.protocol === "https:") return { address: first };
  const loopback = addresses.every((a) => ipaddr.process(a.address).range() === "loopback");
  if (url.protocol === "http:" && loopback && options.allowLoopback === true) {
    return { address: first };
  }
  return { refused: "probes must use https (http only to loopback, in the local stack)" };
}
