import { createActionHandler } from "../../shared/actions/actionHandler.ts";
import { runPostcheck } from "../../shared/actions/runPostcheck.ts";

export const handler = createActionHandler("trigger-postcheck", "Postcheck Due", runPostcheck);
