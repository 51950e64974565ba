import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo, LookupFunction } from "node:net";
import { brotliCompressSync, gzipSync } from "node:zlib";
import { afterEach, describe, expect, it } from "vitest";
import { createKeepAliveFetch } from "../../shared/client/transport.ts";
import { guardedLookup, REFUSED_CODE, STRICT } from "../../shared/net/addressPolicy.ts";

// The transport against real loopback servers: the fetch behaviour the signed client, webhook
// delivery and health probes rely on, from the one HTTP stack (node-fetch over keep-alive agents).

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage["headers"];
  body: string;
}

const servers: Server[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    await new Promise((r) => s.close(r));
  }
});

async function serve(
  handler: (req: Seen, res: ServerResponse) => void,
): Promise<{ url: string; seen: Seen[]; connections: () => number }> {
  const seen: Seen[] = [];
  let connections = 0;
  const server = createServer({ keepAlive: true }, (req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => {
      body += c.toString();
    });
    req.on("end", () => {
      const entry = { method: req.method ?? "", url: req.url ?? "", headers: req.headers, body };
      seen.push(entry);
      handler(entry, res);
    });
  });
  server.on("connection", () => connections++);
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, seen, connections: () => connections };
}

describe("createKeepAliveFetch", () => {
  it("answers with the status, case-insensitive headers and the body, over one kept-alive connection", async () => {
    const s = await serve((_req, res) => {
      res.writeHead(200, { "Content-Type": "application/json", "X-Request-Id": "r-1" });
      res.end('{"ok":true}');
    });
    const fetch = createKeepAliveFetch();
    for (let i = 0; i < 3; i++) {
      const res = await fetch(`${s.url}/a?x=1`, {
        method: "GET",
        headers: { accept: "application/json" },
      });
      expect(res.status).toBe(200);
      expect(res.headers.get("x-request-id")).toBe("r-1");
      expect(res.headers.get("X-REQUEST-ID")).toBe("r-1");
      const names: string[] = [];
      res.headers.forEach((_v, k) => {
        names.push(k);
      });
      expect(names).toContain("content-type");
      expect(await res.text()).toBe('{"ok":true}');
    }
    expect(s.seen.map((r) => r.url)).toEqual(["/a?x=1", "/a?x=1", "/a?x=1"]);
    expect(s.seen[0]?.headers.accept).toBe("application/json");
    expect(s.connections()).toBe(1);
  });

  it("sends a string body with its byte length, and text/plain only when no Content-Type is given", async () => {
    const s = await serve((_req, res) => res.end());
    const fetch = createKeepAliveFetch();
    await fetch(`${s.url}/p`, { method: "POST", headers: {}, body: "héllo" });
    await fetch(`${s.url}/p`, {
      method: "PATCH",
      headers: { "Content-Type": "application/json" },
      body: '{"a":1}',
    });
    expect(
      s.seen.map((r) => [r.method, r.body, r.headers["content-length"], r.headers["content-type"]]),
    ).toEqual([
      ["POST", "héllo", "6", "text/plain;charset=UTF-8"],
      ["PATCH", '{"a":1}', "7", "application/json"],
    ]);
  });

  it("decodes gzip and brotli bodies", async () => {
    const s = await serve((req, res) => {
      const gzip = req.url === "/gz";
      res.writeHead(200, { "content-encoding": gzip ? "gzip" : "br" });
      res.end(gzip ? gzipSync("zipped") : brotliCompressSync("brotli"));
    });
    const fetch = createKeepAliveFetch();
    expect(await (await fetch(`${s.url}/gz`, { method: "GET", headers: {} })).text()).toBe(
      "zipped",
    );
    expect(await (await fetch(`${s.url}/br`, { method: "GET", headers: {} })).text()).toBe(
      "brotli",
    );
  });

  it("never follows a redirect: a 3xx comes back as it is, or rejects under error", async () => {
    const other = await serve((_req, res) => res.end("elsewhere"));
    const s = await serve((_req, res) =>
      res.writeHead(302, { location: `${other.url}/there` }).end(),
    );
    const fetch = createKeepAliveFetch();
    const res = await fetch(`${s.url}/away`, { method: "GET", headers: { authorization: "x" } });
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe(`${other.url}/there`);
    await expect(
      fetch(`${s.url}/away`, { method: "GET", headers: {}, redirect: "error" }),
    ).rejects.toThrow(/redirect/);
    expect(other.seen).toHaveLength(0);
  });

  it("rejects with the signal's reason when aborted before the answer, or while the body streams", async () => {
    const s = await serve((req, res) => {
      if (req.url === "/slow-body") {
        res.writeHead(200);
        res.write("part");
        return;
      }
    });
    const fetch = createKeepAliveFetch();
    const early = new AbortController();
    const pending = fetch(`${s.url}/hang`, { method: "GET", headers: {}, signal: early.signal });
    setTimeout(() => early.abort(), 20);
    await expect(pending).rejects.toMatchObject({ name: "AbortError" });
    expect(early.signal.aborted).toBe(true);

    const late = new AbortController();
    const res = await fetch(`${s.url}/slow-body`, {
      method: "GET",
      headers: {},
      signal: late.signal,
    });
    expect(res.status).toBe(200);
    late.abort();
    await expect(res.text()).rejects.toMatchObject({ name: "AbortError" });
  });

  it("rejects a refused connection with its error code", async () => {
    const s = await serve((_req, res) => res.end());
    const url = s.url;
    const server = servers.pop();
    await new Promise((r) => server?.close(r));
    await expect(
      createKeepAliveFetch()(`${url}/x`, { method: "GET", headers: {} }),
    ).rejects.toMatchObject({
      code: "ECONNREFUSED",
    });
  });

  it("resolves host names through the lookup it was given", async () => {
    const s = await serve((_req, res) => res.end("via lookup"));
    const port = new URL(s.url).port;
    const asked: string[] = [];
    const lookup = ((hostname: string, options: unknown, callback: unknown) => {
      asked.push(hostname);
      const cb = (typeof options === "function" ? options : callback) as (
        err: Error | null,
        address: string | { address: string; family: number }[],
        family?: number,
      ) => void;
      const all =
        typeof options === "object" && options !== null && "all" in options && options.all;
      if (all) cb(null, [{ address: "127.0.0.1", family: 4 }]);
      else cb(null, "127.0.0.1", 4);
    }) as LookupFunction;
    const res = await createKeepAliveFetch({ lookup })(`http://shepherd-test.invalid:${port}/`, {
      method: "GET",
      headers: {},
    });
    expect(await res.text()).toBe("via lookup");
    expect(asked).toEqual(["shepherd-test.invalid"]);
  });

  it("calls the SSRF guard's lookup on connect, and refuses a name that now points inward", async () => {
    // DNS rebinding: the name was public when the URL was checked and resolves to loopback now.
    // The guard runs on the connection itself, so the request never leaves.
    const s = await serve((_req, res) => res.end("must not arrive"));
    const port = new URL(s.url).port;
    const asked: string[] = [];
    const rebinding = ((hostname: string, _options: unknown, callback: unknown) => {
      asked.push(hostname);
      (callback as (e: null, a: { address: string; family: number }[]) => void)(null, [
        { address: "127.0.0.1", family: 4 },
      ]);
    }) as unknown as Parameters<typeof guardedLookup>[1];
    const fetch = createKeepAliveFetch({ lookup: guardedLookup(STRICT, rebinding) });
    await expect(
      fetch(`http://hooks.example.com:${port}/x`, { method: "POST", headers: {}, body: "{}" }),
    ).rejects.toMatchObject({ code: REFUSED_CODE });
    expect(asked).toEqual(["hooks.example.com"]);
    expect(s.seen).toHaveLength(0);
  });
});
