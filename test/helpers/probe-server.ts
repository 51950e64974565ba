import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A workload's health endpoints on 127.0.0.1, as the local stack would run them: `/ok` answers
 * 200, `/down` 503, `/moved` a redirect to `/ok`. It counts the requests it gets, so a test can
 * tell a probe that was refused from one that was sent.
 */
export async function startProbeServer() {
  const hits: string[] = [];
  const server = createServer((req, res) => {
    hits.push(req.url ?? "");
    if (req.url?.startsWith("/ok")) res.writeHead(200).end("ok");
    else if (req.url === "/moved") res.writeHead(302, { location: "/ok" }).end();
    else res.writeHead(503).end("down");
  });
  const port = await new Promise<number>((resolve) =>
    server.listen(0, "127.0.0.1", () => resolve((server.address() as AddressInfo).port)),
  );
  return {
    url: (path: string) => `http://127.0.0.1:${port}${path}`,
    port,
    hits,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
