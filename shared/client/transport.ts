import http from "node:http";
import https from "node:https";
import type { LookupFunction } from "node:net";
import nodeFetch from "node-fetch";

/** The part of a fetch response the product reads. node-fetch's and the platform's fit it. */
export interface FetchResponse {
  status: number;
  headers: {
    get(name: string): string | null;
    forEach(cb: (value: string, key: string) => void): void;
  };
  text(): Promise<string>;
}

export interface FetchInit {
  method: string;
  headers: Record<string, string>;
  body?: string | undefined;
  signal?: AbortSignal | undefined;
  /**
   * `manual` (the default) hands a 3xx back as it is: a signed call is signed for one host, and a
   * webhook or probe URL was checked by the SSRF guard, not wherever it points. `error` rejects.
   */
  redirect?: "manual" | "error" | undefined;
}

/** A fetch-compatible function: injectable, so tests can count or fail calls without module mocks. */
export type FetchLike = (url: string, init: FetchInit) => Promise<FetchResponse>;

export interface KeepAliveOptions {
  /** Sockets per host; the poller's concurrency limits sit below this. */
  maxSockets?: number;
  /**
   * The agents' DNS lookup. Webhooks and probes pass the SSRF guard's (shared/net), so what was
   * checked is what is dialled: it runs on every new connection.
   */
  lookup?: LookupFunction | undefined;
  /** Keep connections open between requests (default true). A one-off probe turns it off. */
  keepAlive?: boolean;
}

/**
 * The product's one HTTP stack, for the signed client, webhook delivery and health probes:
 * node-fetch 3 (the library DESIGN.md names) over `node:http(s)` agents that keep connections
 * alive across requests and warm invocations, which spares a TLS handshake per call. node-fetch
 * supplies fetch's contract: a string body gets Content-Length, gzip/deflate/br answers are
 * decoded, an aborted signal rejects with an AbortError. Redirects are never followed (see
 * `FetchInit.redirect`). Chosen over undici, which measured a little less CPU per request but
 * adds about 520 KB to every bundle (bench/README.md, section 3b).
 */
export function createKeepAliveFetch(options: KeepAliveOptions = {}): FetchLike {
  const keepAlive = options.keepAlive ?? true;
  const agentOptions = {
    keepAlive,
    maxSockets: options.maxSockets ?? 64,
    scheduling: "lifo" as const,
    ...(options.lookup ? { lookup: options.lookup } : {}),
  };
  const agents = { http: new http.Agent(agentOptions), https: new https.Agent(agentOptions) };
  const agent = (url: URL) => (url.protocol === "https:" ? agents.https : agents.http);
  return async (url, init) => {
    const protocol = new URL(url).protocol;
    if (protocol !== "https:" && protocol !== "http:") {
      throw new TypeError(`unsupported protocol ${protocol}`);
    }
    const res = await nodeFetch(url, {
      method: init.method,
      headers: init.headers,
      body: init.body,
      signal: init.signal ?? null,
      redirect: init.redirect ?? "manual",
      agent,
    });
    return res;
  };
}
