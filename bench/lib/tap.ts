import { connect, createServer, type Socket } from "node:net";

export interface Tap {
  /** Where clients should connect: the tap, which forwards every byte to the target. */
  url: string;
  /** `performance.now()` when the first request byte arrived since the last `reset()`. */
  firstRequestAt(): number | undefined;
  reset(): void;
  close(): Promise<void>;
}

/**
 * A TCP pass-through in front of the simulator that notes when the first request byte arrives.
 * It times "first request reaching the simulator" at the socket, the same way for every client,
 * whatever its HTTP stack; forwarding adds well under a millisecond per request on loopback.
 */
export async function startTap(targetPort: number): Promise<Tap> {
  let first: number | undefined;
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    const upstream = connect(targetPort, "127.0.0.1");
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on("close", () => sockets.delete(s));
      s.on("error", () => s.destroy());
    }
    client.once("data", () => {
      first ??= performance.now();
    });
    client.pipe(upstream);
    upstream.pipe(client);
    client.on("close", () => upstream.destroy());
    upstream.on("close", () => client.destroy());
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
    firstRequestAt: () => first,
    reset: () => {
      first = undefined;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
