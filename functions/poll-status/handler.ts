import { createPollStatusHandler } from "./createHandler.ts";

export const handler = createPollStatusHandler();
