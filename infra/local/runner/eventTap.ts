import { createServer, request } from "node:http";
import type { AddressInfo } from "node:net";

/** One PutEvents entry as it crossed the tap. */
export interface TappedEvent {
  detailType: string;
  source: string;
  detail: Record<string, unknown>;
}

export interface EventTap {
  url: string;
  close(): Promise<void>;
}

/**
 * A pass-through in front of the local EventBridge mock: the functions send PutEvents here, the
 * tap reports every entry, and forwards the request unchanged. This is how the runner sees
 * every event on the bus without touching the functions.
 */
export async function startEventTap(
  targetPort: number,
  onEvent: (event: TappedEvent) => void,
): Promise<EventTap> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks);
      if (String(req.headers["x-amz-target"] ?? "").endsWith("PutEvents")) {
        try {
          const entries = (JSON.parse(body.toString("utf8")).Entries ?? []) as {
            DetailType?: string;
            Source?: string;
            Detail?: string;
          }[];
          for (const e of entries) {
            onEvent({
              detailType: e.DetailType ?? "",
              source: e.Source ?? "",
              detail: JSON.parse(e.Detail ?? "{}"),
            });
          }
        } catch {
          // Not ours to judge: the mock answers a malformed request as EventBridge would.
        }
      }
      const forward = request(
        {
          host: "127.0.0.1",
          port: targetPort,
          method: req.method,
          path: req.url,
          headers: req.headers,
        },
        (upstream) => {
          res.writeHead(upstream.statusCode ?? 502, upstream.headers);
          upstream.pipe(res);
        },
      );
      forward.on("error", (error) => {
        res.writeHead(502, { "content-type": "application/json" });
        res.end(JSON.stringify({ __type: "TapError", message: error.message }));
      });
      forward.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
