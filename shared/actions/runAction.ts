import type { ActionResult, PostcheckDeps } from "./actionDeps.ts";
import type { DueEvent } from "./parseDueEvent.ts";

/**
 * The one entry point for all three actions: each rule delivers only its own detail-type, so
 * a handler is `parseDueEvent`, find the cluster, `runAction`, publish. Each action loads when
 * its due event comes: a press in chat-action runs one of them, an action function only its own
 * (which its handler passes to `createActionHandler`, to load it at cold start).
 */
export async function runAction(due: DueEvent, deps: PostcheckDeps): Promise<ActionResult> {
  switch (due.detailType) {
    case "Postcheck Due":
      return (await import("./runPostcheck.ts")).runPostcheck(due.detail, deps);
    case "Cancel Due":
      return (await import("./runCancel.ts")).runCancel(due.detail, deps);
    case "Resume Due":
      return (await import("./runResume.ts")).runResume(due.detail, deps);
  }
}
