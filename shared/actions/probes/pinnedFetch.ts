import type dns from "node:dns";
import { createKeepAliveFetch } from "../../client/transport.ts";
import { guardedLookup } from "../../net/addressPolicy.ts";
import type { ProbeFetch, ProbeOptions, ResolvedAddress } from "./probeTypes.ts";
import { probeAddressPolicy } from "./vetProbeTarget.ts";

/** A resolver that answers every name with the vetted address, in the shape `dns.lookup` has. */
const answerWith = (pinned: ResolvedAddress): typeof dns.lookup =>
  ((_hostname: string, _options: unknown, callback: (...args: unknown[]) => void) => {
    callback(null, [{ address: pinned.address, family: pinned.family }]);
  }) as unknown as typeof dns.lookup;

/**
 * The product's HTTP stack (shared/client/transport.ts) on a one-off connection whose lookup is
 * the SSRF guard's (shared/net/addressPolicy.ts), fed only the address `vetProbeTarget` vetted:
 * the socket connects to what was checked, and the guard judges it again on connect. The URL
 * keeps its host name, so TLS still checks the certificate against it (SNI and hostname checks
 * are unchanged). Redirects are not followed.
 */
export function createPinnedFetch(
  policy: Pick<ProbeOptions, "allowLoopback" | "allowPrivate"> = {},
  userAgent = "upgrade-shepherd/0.1 health-probe",
): ProbeFetch {
  return async (url, init) => {
    const fetch = createKeepAliveFetch({
      keepAlive: false,
      lookup: guardedLookup(probeAddressPolicy(policy), answerWith(init.address)),
    });
    const res = await fetch(url, {
      method: "GET",
      redirect: "manual",
      signal: init.signal,
      headers: { "user-agent": userAgent, accept: "*/*" },
    });
    await res.text();
    return { status: res.status };
  };
}
