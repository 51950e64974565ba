import { createButtonMaker } from "../../shared/chat/createButtonMaker.ts";
import { isLocalStack, runtimeEnv } from "../../shared/config/runtime.ts";
import { createDeliverHandler } from "../../shared/notify/handlers/deliverHandler.ts";
import { createReceiverSecrets } from "../../shared/notify/receiverSecrets.ts";

export const handler = createDeliverHandler({
  resolveSecret: createReceiverSecrets({ env: runtimeEnv() }),
  local: isLocalStack(),
  buttons: createButtonMaker({ env: runtimeEnv() }),
});
