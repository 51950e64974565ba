import { EventBridgeClient } from "@aws-sdk/client-eventbridge";
import { createNotifyHandler } from "../../shared/notify/handlers/notify-handler.ts";

export const handler = createNotifyHandler({ eventBridge: new EventBridgeClient({}) });
