import { createNotifyHandler } from "./createHandler.ts";

export const handler = createNotifyHandler();
