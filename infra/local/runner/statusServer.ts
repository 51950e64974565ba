import { readFile } from "node:fs/promises";
import { createServer } from "node:http";
import { join } from "node:path";

export interface StatusServer {
  url: string;
  close(): Promise<void>;
}

const WAITING = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Fleet upgrade status</title></head>
<body style="font:15px system-ui,sans-serif;margin:40px"><h1>Fleet upgrade status</h1>
<p>Waiting for the first poll to write the page. This page reloads itself.</p></body></html>`;

/**
 * Serves the status page the local poll-status writes (`SHEPHERD_STATUS_DIR`) on 127.0.0.1:
 * `/` the page, `/status.json` its JSON. Each answer asks the browser to reload in `refreshSeconds`
 * (the HTTP `Refresh` header), so an open page follows the demo without any change to the page.
 */
export async function startStatusServer(dir: string, refreshSeconds = 5): Promise<StatusServer> {
  const server = createServer(async (req, res) => {
    const path = (req.url ?? "/").split("?")[0];
    const file =
      path === "/" || path === "/index.html"
        ? "index.html"
        : path === "/status.json"
          ? "status.json"
          : null;
    if (req.method !== "GET" || file === null) {
      res.writeHead(404, { "content-type": "text/plain" }).end("not found\n");
      return;
    }
    const body = await readFile(join(dir, file), "utf8").catch(() => null);
    const type = file.endsWith(".json") ? "application/json" : "text/html; charset=utf-8";
    if (body === null && file === "status.json") {
      res
        .writeHead(404, { "content-type": "text/plain" })
        .end("no poll has written the page yet\n");
      return;
    }
    res
      .writeHead(200, {
        "content-type": type,
        "cache-control": "no-store",
        refresh: String(refreshSeconds),
      })
      .end(body ?? WAITING);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
