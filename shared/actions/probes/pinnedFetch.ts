import http from "node:http";
import https from "node:https";
import type { LookupFunction } from "node:net";
import nodeFetch from "node-fetch";
import type { ProbeFetch, ResolvedAddress } from "./probeTypes.ts";

/**
 * Answers every lookup with the vetted address. Node calls it with `all: true` when it races
 * address families (the default since Node 20), and without otherwise.
 */
function pinnedLookup(pinned: ResolvedAddress): LookupFunction {
  return (_hostname, options, callback) => {
    if (options.all) {
      (callback as (err: null, addresses: ResolvedAddress[]) => void)(null, [pinned]);
    } else {
      callback(null, pinned.address, pinned.family);
    }
  };
}

/**
 * node-fetch through a one-off agent whose lookup is pinned to the vetted address. The URL keeps
 * its host name, so TLS still checks the certificate against it (SNI and hostname checks are
 * unchanged); only the address the socket connects to is fixed.
 */
export function createPinnedFetch(userAgent = "upgrade-shepherd/0.1 health-probe"): ProbeFetch {
  return async (url, init) => {
    const lookup = pinnedLookup(init.address);
    const agent = url.startsWith("https:")
      ? new https.Agent({ lookup, keepAlive: false })
      : new http.Agent({ lookup, keepAlive: false });
    try {
      const res = await nodeFetch(url, {
        method: "GET",
        redirect: "manual",
        signal: init.signal,
        agent,
        headers: { "user-agent": userAgent, accept: "*/*" },
      } as Parameters<typeof nodeFetch>[1]);
      await res.arrayBuffer();
      return { status: res.status };
    } finally {
      agent.destroy();
    }
  };
}
