import { createServer } from "node:net";
import { describe, expect, it } from "vitest";
import { runHealthProbes } from "../../shared/actions/probes/runHealthProbes.ts";

// A real probe over loopback to a port nobody listens on: node-fetch's error names the URL,
// and a probe URL may carry a token in its query string.
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as { port: number };
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

describe("health probe results", () => {
  it("never carry the query string, in the URL or in the error", async () => {
    const port = await closedPort();
    const [result] = await runHealthProbes(
      [
        {
          url: `http://127.0.0.1:${port}/healthz?token=SUPERSECRET`,
          expectStatus: 200,
          timeout: 2_000,
        },
      ],
      { allowLoopback: true },
    );
    expect(result?.ok).toBe(false);
    expect(result?.error).toBe("request failed (ECONNREFUSED)");
    expect(JSON.stringify(result)).not.toContain("SUPERSECRET");
  });
});
