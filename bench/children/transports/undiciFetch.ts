import { Agent, fetch as undiciFetch } from "undici";
import type { FetchLike, FetchResponse } from "../../../shared/client/index.ts";

/** undici's own `fetch` through a keep-alive Agent. */
export function undiciFetchTransport(): FetchLike {
  const dispatcher = new Agent({ connections: 64 });
  return (url, init) =>
    undiciFetch(url, {
      method: init.method,
      headers: init.headers,
      body: init.body,
      signal: init.signal,
      redirect: init.redirect ?? "manual",
      dispatcher,
    }) as Promise<FetchResponse>;
}
