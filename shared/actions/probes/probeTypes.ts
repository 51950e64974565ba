/** One address a host name resolved to, as `dns.lookup` with `all: true` returns it. */
export interface ResolvedAddress {
  address: string;
  family: number;
}

/** Resolves a host name to every address it has; injectable, so tests never touch DNS. */
export type HostLookup = (hostname: string) => Promise<readonly ResolvedAddress[]>;

/**
 * GETs a probe URL, connecting only to `address`: the one the guard vetted. A fetch that
 * resolved the name again could be pointed elsewhere between the check and the connection (DNS
 * rebinding). Redirects are not followed, so a probe cannot be bounced to an internal address.
 */
export type ProbeFetch = (
  url: string,
  init: { signal: AbortSignal; address: ResolvedAddress },
) => Promise<{ status: number }>;

export interface ProbeOptions {
  fetch?: ProbeFetch | undefined;
  lookup?: HostLookup | undefined;
  /**
   * Let probes reach loopback addresses, over http too: the local stack's workloads listen
   * there. Off in the cloud, where a loopback probe could only reach the function itself.
   */
  allowLoopback?: boolean | undefined;
  /** Let probes reach private, unique-local, link-local and carrier-grade NAT addresses. */
  allowPrivate?: boolean | undefined;
}

/** One probe's result. `url` has no query string: a token there must not reach an alert. */
export interface ProbeResult {
  url: string;
  ok: boolean;
  status: number | null;
  /** Why it failed without an HTTP answer: refused by the guard, timed out, connection error. */
  error: string | null;
}
