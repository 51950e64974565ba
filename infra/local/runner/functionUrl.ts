import { randomUUID } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

/** What a Lambda function URL sends a handler: payload format 2.0. */
export type Invoke = (event: unknown) => Promise<unknown>;

export interface LocalFunctionUrl {
  url: string;
  close(): Promise<void>;
}

/**
 * A Lambda function URL on 127.0.0.1, which serverless-offline does not serve: each HTTP request
 * becomes the payload-2.0 event AWS would build (lower-cased headers, raw path and query, the
 * body as text), goes to `invoke`, and the handler's `{statusCode, headers, body}` (or, as AWS
 * does, any other value as a 200 JSON body) becomes the HTTP answer.
 */
export async function startFunctionUrl(invoke: Invoke): Promise<LocalFunctionUrl> {
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString("utf8");
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) {
      if (v !== undefined) headers[k.toLowerCase()] = Array.isArray(v) ? v.join(",") : v;
    }
    const now = new Date();
    const event = {
      version: "2.0",
      routeKey: "$default",
      rawPath: url.pathname,
      rawQueryString: url.search.slice(1),
      headers,
      ...(url.search ? { queryStringParameters: Object.fromEntries(url.searchParams) } : {}),
      requestContext: {
        accountId: "anonymous",
        apiId: "local",
        domainName: headers.host ?? "127.0.0.1",
        domainPrefix: "local",
        http: {
          method: req.method ?? "GET",
          path: url.pathname,
          protocol: "HTTP/1.1",
          sourceIp: "127.0.0.1",
          userAgent: headers["user-agent"] ?? "",
        },
        requestId: randomUUID(),
        routeKey: "$default",
        stage: "$default",
        time: now.toUTCString(),
        timeEpoch: now.getTime(),
      },
      ...(body ? { body } : {}),
      isBase64Encoded: false,
    };
    try {
      const result = (await invoke(event)) as {
        statusCode?: number;
        headers?: Record<string, string>;
        body?: string;
      } | null;
      if (result && typeof result === "object" && typeof result.statusCode === "number") {
        res.writeHead(result.statusCode, result.headers ?? {});
        res.end(result.body ?? "");
      } else {
        res.writeHead(200, { "content-type": "application/json" });
        res.end(JSON.stringify(result));
      }
    } catch {
      res.writeHead(502, { "content-type": "text/plain" });
      res.end("Internal Server Error");
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
