import { createStartUpgradeHandler } from "../../shared/actions/startUpgradeHandler.ts";

export const handler = createStartUpgradeHandler();
