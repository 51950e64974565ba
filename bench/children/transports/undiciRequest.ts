import { Agent, interceptors, request as undiciRequest } from "undici";
import type { FetchLike } from "../../../shared/client/index.ts";

/** undici's `request` (no WHATWG streams) through a keep-alive Agent, gzip/br decoded. */
export function undiciRequestTransport(): FetchLike {
  const dispatcher = new Agent({ connections: 64 }).compose(interceptors.decompress());
  return async (url, init) => {
    const res = await undiciRequest(url, {
      method: init.method as "GET",
      headers: init.headers,
      body: init.body,
      signal: init.signal,
      dispatcher,
    });
    const headers = res.headers;
    const value = (v: string | string[] | undefined) =>
      v === undefined ? null : Array.isArray(v) ? v.join(", ") : v;
    return {
      status: res.statusCode,
      headers: {
        get: (name) => value(headers[name.toLowerCase()]),
        forEach: (cb) => {
          for (const [k, v] of Object.entries(headers)) {
            const text = value(v);
            if (text !== null) cb(text, k);
          }
        },
      },
      text: () => res.body.text(),
    };
  };
}
