import type { ResolvedCluster } from "../config/resolveClusters.ts";
import type { ProviderError } from "../errors.ts";
import type { Eta } from "../eta/estimateEta.ts";
import type { ShepherdEvent } from "../events/shepherdEvent.ts";
import type { Upgrade, UpgradeSnapshot } from "../model/snapshot.ts";
import type { ClusterTarget } from "../providers/target.ts";
import type { ActionDeps } from "./actionDeps.ts";
import { isRefusal, reportableError } from "./actionError.ts";
import { freshRead, targetAndRead } from "./freshRead.ts";
import {
  actionFailed,
  actionSkipped,
  actionSucceeded,
  type OutcomeContext,
} from "./outcomeEvents.ts";
import type { Verdict } from "./verdict.ts";

/** One destructive action, as the shared sequence below needs it. */
export interface ActionPlan {
  judge(due: Upgrade, current: Upgrade | null): Verdict;
  /** What the call would do, for the dry-run report. */
  intent(target: ClusterTarget, upgrade: Upgrade): string;
  /** The one call that changes the cloud. Returns what to report on success. */
  call(
    target: ClusterTarget,
    upgrade: Upgrade,
  ): Promise<{ requestId: string | null; message: string }>;
  /** The ETA to report once the call succeeded (a resume: the upgrade runs again); else none. */
  etaAfter?(snapshot: UpgradeSnapshot, upgrade: Upgrade, at: Date): Eta | null;
}

/**
 * The safety rules, in order: re-read right before acting; act only on the upgrade the due event
 * named and only while the fresh read allows it; in a dry run, stop before the call that changes
 * the cloud. When the cloud refuses the call, read once more: a goal someone else (or a
 * concurrent delivery of the same event) reached in between counts as done, and only a refusal
 * the read cannot explain is an Action Failed.
 */
export async function carryOut(
  start: OutcomeContext,
  cluster: ResolvedCluster,
  deps: ActionDeps,
  plan: ActionPlan,
): Promise<ShepherdEvent[]> {
  const read = await targetAndRead(start, cluster, deps);
  if ("events" in read) return read.events;
  const { target, ctx } = read;
  const verdict = plan.judge(start.due.upgrade, read.upgrade);
  if (!verdict.act) return [actionSkipped(ctx, verdict.reason, verdict.message)];
  if (ctx.dryRun) {
    return [
      actionSkipped(ctx, "dry-run", `dry run: would ${plan.intent(target, verdict.upgrade)}`),
    ];
  }
  try {
    const done = await plan.call(target, verdict.upgrade);
    const eta = plan.etaAfter?.(read.snapshot, verdict.upgrade, ctx.at);
    return [actionSucceeded(ctx, { alreadyDone: false, ...done, ...(eta ? { eta } : {}) })];
  } catch (error) {
    if (!isRefusal(error)) return [actionFailed(ctx, reportableError(error))];
    return settleRefusal(ctx, error, target, deps, async (now, refused) => {
      const after = plan.judge(now.due.upgrade, now.upgrade);
      if (after.act) return null;
      if (after.reason === "already-done") {
        return [
          actionSucceeded(now, {
            alreadyDone: true,
            requestId: error.requestId ?? null,
            message: `${refused}; a fresh read shows it done: ${after.message}`,
          }),
        ];
      }
      return [actionSkipped(now, after.reason, `${refused}; ${after.message}`)];
    });
  }
}

/**
 * The cloud refused the one call that acts (a 4xx: it looked and declined). Read once more and
 * let `settle` judge the fresh read: the goal reached by someone else in between (the console, a
 * concurrent delivery of the same due event) is the answer; `settle` returns null when the read
 * cannot explain the refusal, and only then, or when the read fails, is it an Action Failed.
 * `refused` says what was refused, in the cloud's words, for the messages.
 */
export async function settleRefusal(
  ctx: OutcomeContext,
  refusal: ProviderError,
  target: ClusterTarget,
  deps: ActionDeps,
  settle: (now: OutcomeContext, refused: string) => Promise<ShepherdEvent[] | null>,
): Promise<ShepherdEvent[]> {
  const after = await freshRead(target, deps);
  if ("error" in after) return [actionFailed(ctx, reportableError(refusal))];
  const now = { ...ctx, upgrade: after.upgrade };
  const refused = `${refusal.operation} was refused (${refusal.code ?? `HTTP ${refusal.status}`}: ${refusal.providerMessage ?? "no message"})`;
  return (await settle(now, refused)) ?? [actionFailed(now, reportableError(refusal))];
}
