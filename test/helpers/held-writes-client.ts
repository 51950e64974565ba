import type { SignedClient } from "../../shared/client/index.ts";

/**
 * Lets reads through, and holds every other request until `count` of them are waiting, then
 * sends them one after the other in arrival order. Two concurrent invocations answering the
 * same due event therefore both finish their fresh read before either acts, the race a
 * duplicate EventBridge delivery can produce, made deterministic.
 */
export function holdWritesUntil(client: SignedClient, count: number): SignedClient {
  const waiting: (() => void)[] = [];
  let chain: Promise<unknown> = Promise.resolve();
  return {
    request(req) {
      if (req.method === "GET") return client.request(req);
      return new Promise((resolve, reject) => {
        waiting.push(() => {
          chain = chain.then(() => client.request(req).then(resolve, reject));
        });
        if (waiting.length >= count) for (const release of waiting.splice(0)) release();
      });
    },
  };
}
