/**
 * The HTTP stacks the signed client can send through, each behind the client's `FetchLike`
 * contract with keep-alive connections, for the transport section (bench/sections/transport.ts).
 * `product` is what `shared/client` uses by default; the others are the candidates it was chosen
 * among (one file each under transports/, so each can be bundled alone to weigh it), kept so the
 * comparison can be run again.
 */
import { createKeepAliveFetch, type FetchLike } from "../../shared/client/index.ts";

export const TRANSPORTS = ["product", "node-fetch", "undici-request", "undici-fetch"] as const;
export type TransportName = (typeof TRANSPORTS)[number];

/** Each candidate's own file, bundled alone by the section to weigh it. */
export const TRANSPORT_FILES: Record<Exclude<TransportName, "product">, string> = {
  "node-fetch": "transports/nodeFetch.ts",
  "undici-request": "transports/undiciRequest.ts",
  "undici-fetch": "transports/undiciFetch.ts",
};

export async function transportFor(name: TransportName): Promise<FetchLike> {
  switch (name) {
    case "product":
      return createKeepAliveFetch();
    case "node-fetch":
      return (await import("./transports/nodeFetch.ts")).nodeFetchTransport();
    case "undici-request":
      return (await import("./transports/undiciRequest.ts")).undiciRequestTransport();
    case "undici-fetch":
      return (await import("./transports/undiciFetch.ts")).undiciFetchTransport();
  }
}
