import type { UpgradeDueDetail } from "../events/rolloutDetails.ts";
import type { ShepherdEvent } from "../events/shepherdEvent.ts";
import { createPrecheck } from "../providers/actions/createPrecheck.ts";
import { listPrechecks, showAckCheck } from "../providers/actions/listPrechecks.ts";
import type { ClusterTarget } from "../providers/target.ts";
import type { ActionDeps } from "./actionDeps.ts";
import { reportableError } from "./actionError.ts";
import { judgePrecheck, precheckReport } from "./judgePrecheck.ts";
import { actionFailed, actionSkipped, type OutcomeContext } from "./outcomeEvents.ts";

/** The precheck let the start go ahead: what it said, for the outcome's message. */
export interface PrecheckPassed {
  passed: string;
}

/**
 * The cloud's own pre-upgrade check before start-upgrade starts anything (issue 19). Stateless:
 * the cloud keeps the records, and each delivery of the level Upgrade Due reads them again.
 * - none for the target, or the newest is stale: create one (ListPreCheckTasks → CreatePreCheck;
 *   ACK ListClusterChecks → RunClusterCheck) and skip quietly (`precheck-running`), for a later
 *   Upgrade Due to find the result; a dry run creates nothing and says it would;
 * - the newest runs: the same quiet skip;
 * - the newest passed: go on (the returned `passed`);
 * - the newest has findings: skip with reason `precheck` and its findings (ACK: GetClusterCheck
 *   for the items), a warning only in the run whose window holds its finish time.
 * A refusal or an unreadable answer is an Action Failed with the cloud's words; a transient
 * failure throws, for Lambda's retry (`reportableError`); an auth failure is never retried.
 * `freshForMs`: how long a finished precheck counts when the cloud sets no expiry.
 */
export async function precheckGate(
  ctx: OutcomeContext<UpgradeDueDetail>,
  target: ClusterTarget,
  deps: Pick<ActionDeps, "client" | "now">,
  freshForMs: number,
): Promise<PrecheckPassed | { events: ShepherdEvent[] }> {
  const targetVersion = ctx.due.targetVersion;
  try {
    const records = await listPrechecks(target, deps);
    const verdict = judgePrecheck({ records, targetVersion, now: deps.now(), freshForMs });
    switch (verdict.kind) {
      case "passed":
        return { passed: verdict.message };
      case "running":
        return { events: [actionSkipped(ctx, "precheck-running", verdict.message)] };
      case "findings": {
        const record =
          verdict.record.findings === null
            ? await showAckCheck(target, deps, verdict.record.id)
            : verdict.record;
        const { report, message } = precheckReport({ ...verdict, record });
        return { events: [actionSkipped(ctx, "precheck", message, report)] };
      }
      case "run": {
        const call = target.cluster.provider === "ack" ? "RunClusterCheck" : "CreatePreCheck";
        if (ctx.dryRun) {
          const message = `dry run: ${verdict.message}; would run the cloud's precheck (${call}), then start the upgrade to ${targetVersion}`;
          return { events: [actionSkipped(ctx, "dry-run", message)] };
        }
        const made = await createPrecheck(target, deps, targetVersion);
        const id = made.precheckId ?? "(the cloud sent no id)";
        const message = `${verdict.message}: started the cloud's precheck ${id} (${made.operation}); the upgrade to ${targetVersion} starts on a later Upgrade Due, once it passes`;
        return { events: [actionSkipped(ctx, "precheck-running", message)] };
      }
    }
  } catch (error) {
    return { events: [actionFailed(ctx, reportableError(error))] };
  }
}
