import { createChatActionHandler } from "../../shared/chat/chatActionHandler.ts";
import { createChatSecret } from "../../shared/chat/chatSecret.ts";
import { isLocalStack, runtimeEnv } from "../../shared/config/runtime.ts";
import { lazyEventBridgeClient } from "../../shared/events/lazyEventBridge.ts";

export const handler = createChatActionHandler({
  eventBridge: lazyEventBridgeClient(),
  loadSecret: createChatSecret({ env: runtimeEnv() }),
  local: isLocalStack(),
});
