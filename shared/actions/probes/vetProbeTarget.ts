import {
  type AddressPolicy,
  addressRange,
  bareHost,
  addressAllowed as guardAllows,
  vetHost,
} from "../../net/addressPolicy.ts";
import type { HostLookup, ProbeOptions, ResolvedAddress } from "./probeTypes.ts";

/** What probes may reach: the one SSRF guard's policy (shared/net/addressPolicy.ts). */
export const probeAddressPolicy = (options: ProbeOptions): AddressPolicy => ({
  allowLoopback: options.allowLoopback === true,
  allowPrivate: options.allowPrivate === true,
});

/**
 * Whether a probe may connect to this address. Only globally routable unicast passes by
 * default: a probe URL that resolves to the metadata service (169.254.169.254), a VPC address
 * or the function's own loopback would turn a config field into a way into the network. An IPv6
 * address that carries an IPv4 address (mapped, compatible, NAT64, 6to4, Teredo) is judged as
 * that IPv4, by the guard webhooks use too.
 */
export const addressAllowed = (address: string, options: ProbeOptions): boolean =>
  guardAllows(address, probeAddressPolicy(options));

/**
 * The check-time half of the SSRF guard for probes: https only (http only to loopback, when
 * loopback is allowed), and every address the host resolves to must be allowed, since the
 * connection could pick any of them. Returns the address to connect to, or why the probe is
 * refused. The connect-time half is the guarded lookup in pinnedFetch.ts.
 */
export async function vetProbeTarget(
  url: URL,
  options: ProbeOptions,
  lookup: HostLookup,
): Promise<{ address: ResolvedAddress } | { refused: string }> {
  if (url.username || url.password) return { refused: "the URL carries credentials" };
  const host = bareHost(url.hostname);
  let failure: unknown;
  const verdict = await vetHost(host, probeAddressPolicy(options), async (name) => {
    try {
      return await lookup(name);
    } catch (error) {
      failure = error;
      throw error;
    }
  });
  if (!verdict.ok) {
    if (failure !== undefined) {
      return {
        refused: `cannot resolve ${host}: ${failure instanceof Error ? failure.message : failure}`,
      };
    }
    return {
      refused: verdict.blocked
        ? `${host} resolves to ${verdict.blocked}, which probes may not reach`
        : `${host} resolves to no address`,
    };
  }
  const first = verdict.addresses[0] as ResolvedAddress;
  if (url.protocol === "https:") return { address: first };
  const loopback = verdict.addresses.every((a) => addressRange(a.address) === "loopback");
  if (url.protocol === "http:" && loopback && options.allowLoopback === true) {
    return { address: first };
  }
  return { refused: "probes must use https (http only to loopback, in the local stack)" };
}
