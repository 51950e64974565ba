import { lazyEventBridgeClient } from "../../shared/events/lazyEventBridge.ts";
import { createPollStatusHandler } from "./createHandler.ts";

export const handler = createPollStatusHandler({ eventBridge: lazyEventBridgeClient() });
