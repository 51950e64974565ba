import { lazyEventBridgeClient } from "../../shared/events/lazyEventBridge.ts";
import { createNotifyHandler } from "../../shared/notify/handlers/notifyHandler.ts";

export const handler = createNotifyHandler({ eventBridge: lazyEventBridgeClient() });
