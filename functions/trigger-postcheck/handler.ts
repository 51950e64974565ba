import { createActionHandler } from "../../shared/actions/actionHandler.ts";

export const handler = createActionHandler("trigger-postcheck", "Postcheck Due");
