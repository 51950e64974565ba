import { quietFacts, quietHeading } from "../quietView.ts";
import type { PresentTable } from "./presentation.ts";

/** Keeping a cluster quiet while it upgrades (issue 20): a silence made, or lifted. */
export const QUIET_PRESENTERS: Pick<PresentTable, "Alerts Silenced" | "Alerts Unsilenced"> = {
  "Alerts Silenced": (e) => ({ ...quietHeading(e), facts: quietFacts(e), texts: [] }),
  "Alerts Unsilenced": (e) => ({ ...quietHeading(e), facts: quietFacts(e), texts: [] }),
};
