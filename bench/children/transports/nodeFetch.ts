import http from "node:http";
import https from "node:https";
import nodeFetch from "node-fetch";
import type { FetchLike, FetchResponse } from "../../../shared/client/index.ts";

/** node-fetch 3 over node:http(s) keep-alive agents. */
export function nodeFetchTransport(): FetchLike {
  const options = { keepAlive: true, maxSockets: 64, scheduling: "lifo" as const };
  const agents = { http: new http.Agent(options), https: new https.Agent(options) };
  return async (url, init) => {
    const res = await nodeFetch(url, {
      method: init.method,
      headers: init.headers,
      body: init.body,
      signal: init.signal,
      redirect: init.redirect ?? "manual",
      agent: (u: URL) => (u.protocol === "https:" ? agents.https : agents.http),
    } as Parameters<typeof nodeFetch>[1]);
    return res as unknown as FetchResponse;
  };
}
