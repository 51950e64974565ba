import type { ActionResult, PostcheckDeps } from "./actionDeps.ts";
import type { DueEvent } from "./parseDueEvent.ts";
import { runCancel } from "./runCancel.ts";
import { runPostcheck } from "./runPostcheck.ts";
import { runResume } from "./runResume.ts";

/**
 * The one entry point for all three functions: each rule delivers only its own detail-type, so
 * a handler is `parseDueEvent`, find the cluster, `runAction`, publish.
 */
export function runAction(due: DueEvent, deps: PostcheckDeps): Promise<ActionResult> {
  switch (due.detailType) {
    case "Postcheck Due":
      return runPostcheck(due.detail, deps);
    case "Cancel Due":
      return runCancel(due.detail, deps);
    case "Resume Due":
      return runResume(due.detail, deps);
  }
}
