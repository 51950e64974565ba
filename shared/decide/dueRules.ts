import type { Provider } from "../model/cluster.ts";
import type { Upgrade } from "../model/snapshot.ts";
import type { DecidePolicy } from "./policy.ts";
import { cancellable, pausedAt, postcheckRecorded, terminalAt } from "./upgradeTimes.ts";
import type { WindowMs } from "./windowMs.ts";

/*
 * The level conditions. Each is judged as of the window's end (`t - lag`), like the edges, so
 * a due event never runs ahead of the announcement of the state it acts on: a failure stamped
 * after `t - lag` is announced by the next run, and Cancel Due starts in that same run.
 * Due events do not look at the action policy or dryRun: decide judges the state, and the
 * action function applies the policy (reporting Action Skipped, reason `policy` or `dry-run`).
 */

/**
 * A success, dated, within the horizon, with no PostCheck recorded. Returns the success time.
 * ACK has no postcheck API, so nothing is ever recorded there and the condition would hold for
 * the whole horizon: its check (a read-only verification) is due once, in the run whose window
 * holds the success, like the Succeeded announcement itself.
 */
export function postcheckDueSince(u: Upgrade, w: WindowMs, policy: DecidePolicy): number | null {
  if (u.phase !== "succeeded" || postcheckRecorded(u)) return null;
  const done = terminalAt(u);
  if (done === null || done.at > w.end) return null;
  if (u.source === "ack-task") return done.at > w.start ? done.at : null;
  return w.end - done.at < policy.postcheckHorizon ? done.at : null;
}

/** A dated failure whose cancel preconditions hold on this read. Returns the failure time. */
export function cancelDueSince(u: Upgrade, w: WindowMs): number | null {
  if (!cancellable(u)) return null;
  const failed = terminalAt(u);
  return failed === null || failed.at > w.end ? null : failed.at;
}

/**
 * Paused, on a provider that can resume. CCE Autopilot documents no continue operation, so a
 * Resume Due there could only ever be skipped; a `cce-cluster` read (ShowCluster alone, the
 * upgrade APIs refused) has no task to continue. `pausedSince` is null for timestamp-less pauses.
 */
export function resumeDue(
  u: Upgrade,
  w: WindowMs,
  provider: Provider,
): { pausedSince: number | null } | null {
  if (u.phase !== "paused" || provider === "cce-autopilot" || u.source === "cce-cluster") {
    return null;
  }
  const paused = pausedAt(u);
  if (paused !== null && paused.at > w.end) return null;
  return { pausedSince: paused?.at ?? null };
}
