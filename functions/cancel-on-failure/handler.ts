import { createActionHandler } from "../../shared/actions/actionHandler.ts";

export const handler = createActionHandler("cancel-on-failure", "Cancel Due");
