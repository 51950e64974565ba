import { createActionHandler } from "../../shared/actions/actionHandler.ts";
import { isLocalStack } from "../../shared/config/runtime.ts";
import { lazyEventBridgeClient } from "../../shared/events/lazyEventBridge.ts";

export const handler = createActionHandler("cancel-on-failure", "Cancel Due", {
  eventBridge: lazyEventBridgeClient(),
  allowLoopback: isLocalStack(),
});
