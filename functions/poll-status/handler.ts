import { lazyEventBridgeClient } from "../../shared/events/lazyEventBridge.ts";
import { createPollStatusHandler } from "./create-handler.ts";

export const handler = createPollStatusHandler({ eventBridge: lazyEventBridgeClient() });
