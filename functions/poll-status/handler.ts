import { EventBridgeClient } from "@aws-sdk/client-eventbridge";
import { createPollStatusHandler } from "./create-handler.ts";

export const handler = createPollStatusHandler({ eventBridge: new EventBridgeClient({}) });
