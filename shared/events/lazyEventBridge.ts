import type { EventBridgeLike } from "./publish.ts";

type EventBridgeSdk = typeof import("@aws-sdk/client-eventbridge");
let sdk: Promise<EventBridgeSdk> | undefined;

/**
 * The EventBridge SDK, imported on first use. The runtime provides it outside the bundle, and
 * loading it (with the Smithy core it shares with every AWS client) was about half of
 * poll-status's cold start before its first provider request (bench/README.md). A run with
 * nothing to publish never loads it.
 */
export const loadEventBridgeSdk = (): Promise<EventBridgeSdk> =>
  (sdk ??= import("@aws-sdk/client-eventbridge"));

/** An EventBridge client that is created, with its SDK, on the first `send`. */
export function lazyEventBridgeClient(): EventBridgeLike {
  let client: Promise<EventBridgeLike> | undefined;
  return {
    send: async (command) => {
      client ??= loadEventBridgeSdk().then(({ EventBridgeClient }) => new EventBridgeClient({}));
      return (await client).send(command);
    },
  };
}
