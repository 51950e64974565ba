import { createActionHandler } from "../../shared/actions/actionHandler.ts";
import { isLocalStack } from "../../shared/config/runtime.ts";
import { lazyEventBridgeClient } from "../../shared/events/lazyEventBridge.ts";

export const handler = createActionHandler("resume-upgrade", "Resume Due", {
  eventBridge: lazyEventBridgeClient(),
  allowLoopback: isLocalStack(),
});
