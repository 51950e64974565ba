import { createActionHandler } from "../../shared/actions/actionHandler.ts";

export const handler = createActionHandler("resume-upgrade", "Resume Due");
