import { createActionHandler } from "../../shared/actions/actionHandler.ts";
import { runCancel } from "../../shared/actions/runCancel.ts";

export const handler = createActionHandler("cancel-on-failure", "Cancel Due", runCancel);
