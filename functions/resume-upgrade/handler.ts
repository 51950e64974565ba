import { createActionHandler } from "../../shared/actions/actionHandler.ts";
import { runResume } from "../../shared/actions/runResume.ts";

export const handler = createActionHandler("resume-upgrade", "Resume Due", runResume);
