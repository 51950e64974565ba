import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { lazyEventBridgeClient } from "../../shared/events/lazyEventBridge.ts";
import { publishEntries } from "../../shared/events/publish.ts";

// The lazily created client is the real AWS SDK client: it is pointed at a loopback server that
// answers PutEvents the way EventBridge does, through the SDK's own endpoint variable.

const ENV = [
  "AWS_ENDPOINT_URL_EVENTBRIDGE",
  "AWS_REGION",
  "AWS_ACCESS_KEY_ID",
  "AWS_SECRET_ACCESS_KEY",
] as const;
let saved: Record<string, string | undefined> = {};
let server: Server;
let received: { target: string | undefined; entries: { DetailType?: string }[] }[];

beforeEach(async () => {
  received = [];
  server = createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => {
      body += c.toString();
    });
    req.on("end", () => {
      const entries = (JSON.parse(body) as { Entries: { DetailType?: string }[] }).Entries;
      received.push({ target: req.headers["x-amz-target"] as string | undefined, entries });
      res.writeHead(200, { "content-type": "application/x-amz-json-1.1" });
      res.end(
        JSON.stringify({
          FailedEntryCount: 0,
          Entries: entries.map((_, i) => ({ EventId: `id-${i}` })),
        }),
      );
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  saved = Object.fromEntries(ENV.map((k) => [k, process.env[k]]));
  process.env.AWS_ENDPOINT_URL_EVENTBRIDGE = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  process.env.AWS_REGION = "us-east-1";
  process.env.AWS_ACCESS_KEY_ID = "AKIATESTFAKE00000000";
  process.env.AWS_SECRET_ACCESS_KEY = "test-fake-secret";
});

afterEach(async () => {
  for (const k of ENV) {
    if (saved[k] === undefined) delete process.env[k];
    else process.env[k] = saved[k];
  }
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

const entry = (i: number) => ({
  Source: "upgrade-shepherd",
  DetailType: `Test ${i}`,
  Detail: JSON.stringify({ i }),
  EventBusName: "upgrade-shepherd-test",
});

describe("lazyEventBridgeClient", () => {
  it("creates nothing until the first send, then publishes through the SDK in batches of 10", async () => {
    const client = lazyEventBridgeClient();
    expect(received).toEqual([]);
    const summary = await publishEntries(
      client,
      Array.from({ length: 12 }, (_, i) => entry(i)),
    );
    expect(summary).toEqual({ calls: 2, published: 12 });
    expect(received.map((r) => [r.target, r.entries.length])).toEqual([
      ["AWSEvents.PutEvents", 10],
      ["AWSEvents.PutEvents", 2],
    ]);
    expect(received[1]?.entries.map((e) => e.DetailType)).toEqual(["Test 10", "Test 11"]);
  });

  it("publishes nothing, and sends nothing, when there is nothing to publish", async () => {
    expect(await publishEntries(lazyEventBridgeClient(), [])).toEqual({ calls: 0, published: 0 });
    expect(received).toEqual([]);
  });
});
