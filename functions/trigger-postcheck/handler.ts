import { EventBridgeClient } from "@aws-sdk/client-eventbridge";
import { createActionHandler } from "../../shared/actions/action-handler.ts";
import { isLocalStack } from "../../shared/config/runtime.ts";

export const handler = createActionHandler("trigger-postcheck", "Postcheck Due", {
  eventBridge: new EventBridgeClient({}),
  allowLoopback: isLocalStack(),
});
