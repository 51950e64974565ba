import { createDeliverHandler } from "./createHandler.ts";

export const handler = createDeliverHandler();
