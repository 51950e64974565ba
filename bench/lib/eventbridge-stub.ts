import { createServer, type Server } from "node:http";

export interface StubEntry {
  detailType: string;
  detail: Record<string, unknown>;
  time: string;
}

export interface EventBridgeStub {
  url: string;
  /** PutEvents calls answered so far. */
  calls(): number;
  /** Every entry received so far, in order. */
  entries(): StubEntry[];
  reset(): void;
  close(): Promise<void>;
}

interface WireEntry {
  DetailType?: string;
  Detail?: string;
  Time?: number | string;
}

/**
 * EventBridge on loopback: it answers PutEvents as the service does (an EventId per accepted
 * entry) and keeps the entries, so the benchmark counts calls per event and turns the scheduled
 * run's Poll Shard Requested events into shard invocations, as the bus's rule would.
 */
export async function startEventBridgeStub(
  options: { keep?: boolean } = {},
): Promise<EventBridgeStub> {
  let calls = 0;
  let entries: StubEntry[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = JSON.parse(Buffer.concat(chunks).toString() || "{}") as {
        Entries?: WireEntry[];
      };
      const received = body.Entries ?? [];
      calls++;
      for (const e of received) {
        const time = typeof e.Time === "number" ? new Date(e.Time * 1000) : new Date(e.Time ?? 0);
        entries.push({
          detailType: e.DetailType ?? "",
          detail:
            options.keep === false ? {} : (JSON.parse(e.Detail ?? "{}") as Record<string, unknown>),
          time: time.toISOString(),
        });
      }
      const payload = JSON.stringify({
        FailedEntryCount: 0,
        Entries: received.map((_, i) => ({ EventId: `bench-${calls}-${i}` })),
      });
      res.writeHead(200, {
        "content-type": "application/x-amz-json-1.1",
        "content-length": Buffer.byteLength(payload),
        "x-amzn-requestid": `bench-${calls}`,
      });
      res.end(payload);
    });
  });
  const port = await new Promise<number>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      resolve(typeof address === "object" && address ? address.port : 0);
    });
  });
  return {
    url: `http://127.0.0.1:${port}`,
    calls: () => calls,
    entries: () => entries,
    reset: () => {
      calls = 0;
      entries = [];
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** The environment that points a child's EventBridge client at the stub, with fake keys. */
export const eventBridgeEnv = (stub: EventBridgeStub): Record<string, string> => ({
  AWS_ENDPOINT_URL_EVENTBRIDGE: stub.url,
  AWS_ACCESS_KEY_ID: "AKIABENCHFAKE0000000",
  AWS_SECRET_ACCESS_KEY: "bench-fake-secret",
  AWS_REGION: "us-east-1",
});
