import type { ButtonMaker } from "../notify/deliver.ts";
import { buttonsForDelivery } from "./actionButtons.ts";
import { chatActionUrl, createChatSecret, type LoadChatSecret } from "./chatSecret.ts";

/**
 * deliver's signer of action buttons: the chat secret's `tokenKey` and chat-action's public URL.
 * The secret is read only when a receiver with `actions` gets a message.
 */
export function createButtonMaker(options: {
  env: NodeJS.ProcessEnv;
  loadSecret?: LoadChatSecret;
}): ButtonMaker {
  const loadSecret = options.loadSecret ?? createChatSecret({ env: options.env });
  const baseUrl = chatActionUrl(options.env);
  return async (receiver, events, now) => {
    const { tokenKey } = await loadSecret();
    return buttonsForDelivery(events, receiver, { tokenKey, baseUrl, now });
  };
}
