import type { ProviderError } from "../client/errors.ts";
import type { ResolvedCluster } from "../config/resolveClusters.ts";
import type { PostcheckDueDetail } from "../events/dueDetails.ts";
import type { ShepherdEvent } from "../events/shepherdEvent.ts";
import type { Step } from "../model/snapshot.ts";
import { createPostCheck, type PostCheckResult } from "../providers/actions/createPostCheck.ts";
import { describeAckCluster } from "../providers/actions/describeAckCluster.ts";
import type { ClusterTarget } from "../providers/target.ts";
import { ackPostcheckVerdict } from "./ackPostcheckVerdict.ts";
import type { ActionResult, PostcheckDeps } from "./actionDeps.ts";
import { isRefusal, reportableError } from "./actionError.ts";
import { freshRead, targetAndRead } from "./freshRead.ts";
import { judgePostcheck } from "./judgePostcheck.ts";
import { notInInventory, outcomeContext } from "./outcomeContext.ts";
import {
  actionFailed,
  actionSkipped,
  type OutcomeContext,
  type PostcheckResult,
  postcheckOutcome,
} from "./outcomeEvents.ts";
import { runHealthProbes, summarizeProbes } from "./probes/runHealthProbes.ts";

/** The provider's side of a postcheck, before the health probes are added to it. */
interface ProviderCheck extends PostcheckResult {
  passed: boolean;
}

/**
 * trigger-postcheck, for one Postcheck Due. CCE and Autopilot run CreatePostCheck; ACK has no
 * postcheck API, so DescribeClusterDetail must show the cluster running at the target version.
 * A PostCheck the workflow already records is reported, not submitted again. The cluster's
 * health probes run in every case that reaches a verdict (they only read), and a failing probe
 * fails the postcheck. In a dry run everything runs except CreatePostCheck, which records a step
 * in the cloud. A press (`deps.press`) is a person's consent in place of the `postcheck` policy.
 */
export async function runPostcheck(
  due: PostcheckDueDetail,
  deps: PostcheckDeps,
): Promise<ActionResult> {
  const ctx = outcomeContext(due, "postcheck", deps);
  const cluster = deps.cluster;
  if (!cluster) return { events: [actionSkipped(ctx, "policy", notInInventory(due))] };
  if (!deps.press && (!due.policy.postcheck || !cluster.policy.postcheck)) {
    return {
      events: [
        actionSkipped(
          ctx,
          "policy",
          `postcheck is ${cluster.policy.postcheck ? "on" : "off"} (the poll saw ${due.policy.postcheck ? "on" : "off"}); it runs only when both are on`,
        ),
      ],
    };
  }
  return { events: await check(ctx, cluster, deps) };
}

async function check(
  start: OutcomeContext,
  cluster: ResolvedCluster,
  deps: PostcheckDeps,
): Promise<ShepherdEvent[]> {
  const read = await targetAndRead(start, cluster, deps);
  if ("events" in read) return read.events;
  const { target, ctx } = read;
  const verdict = judgePostcheck(start.due.upgrade, read.upgrade);
  if ("recorded" in verdict) return reportRecorded(ctx, verdict.recorded, cluster, deps, null);
  if (!verdict.act) return [actionSkipped(ctx, verdict.reason, verdict.message)];
  const upgrade = verdict.upgrade;

  if (target.cluster.provider === "ack") {
    try {
      const detail = await describeAckCluster(target, deps);
      const verdict = ackPostcheckVerdict(detail, upgrade.toVersion);
      return [await withProbes(ctx, verdict, cluster, deps)];
    } catch (error) {
      return [actionFailed(ctx, reportableError(error))];
    }
  }
  if (ctx.dryRun) {
    const probes = summarizeProbes(await runHealthProbes(cluster.healthProbes, deps.probes));
    const would = `dry run: would submit CreatePostCheck for ${upgrade.fromVersion ?? "?"} -> ${upgrade.toVersion ?? "?"}`;
    return [actionSkipped(ctx, "dry-run", probes ? `${would}; ${probes}` : would)];
  }
  let done: PostCheckResult;
  try {
    done = await createPostCheck(target, deps, upgrade);
  } catch (error) {
    if (!isRefusal(error)) return [actionFailed(ctx, reportableError(error))];
    return settleRefusal(ctx, error, target, cluster, deps);
  }
  const answered = {
    passed: done.phase === "Success",
    taskId: done.taskId,
    phase: done.phase,
    message: `CreatePostCheck answered ${done.phase}${done.requestId ? ` (request ${done.requestId})` : ""}`,
  };
  return [await withProbes(ctx, answered, cluster, deps)];
}

/**
 * CreatePostCheck was refused. When a fresh read shows a PostCheck recorded after all (a
 * concurrent delivery, or the console, got there first), its result is the answer; otherwise
 * the refusal is reported.
 */
async function settleRefusal(
  ctx: OutcomeContext,
  refusal: ProviderError,
  target: ClusterTarget,
  cluster: ResolvedCluster,
  deps: PostcheckDeps,
): Promise<ShepherdEvent[]> {
  const after = await freshRead(target, deps);
  if ("error" in after) return [actionFailed(ctx, reportableError(refusal))];
  const now = { ...ctx, upgrade: after.upgrade };
  const verdict = judgePostcheck(ctx.due.upgrade, after.upgrade);
  if ("recorded" in verdict) {
    const note = `CreatePostCheck was refused (${refusal.code ?? `HTTP ${refusal.status}`}), but a PostCheck is recorded`;
    return reportRecorded(now, verdict.recorded, cluster, deps, note);
  }
  if (!verdict.act) return [actionSkipped(now, verdict.reason, verdict.message)];
  return [actionFailed(now, reportableError(refusal))];
}

/** A PostCheck step someone already ran: its status is the verdict, unless it is still going. */
async function reportRecorded(
  ctx: OutcomeContext,
  step: Step,
  cluster: ResolvedCluster,
  deps: PostcheckDeps,
  note: string | null,
): Promise<ShepherdEvent[]> {
  const status = step.status ?? "";
  const finished = /^(success|failed|error)$/i.test(status);
  const recorded = `the workflow already records a PostCheck step (${status}${step.finishedAt ? `, finished ${step.finishedAt}` : ""})`;
  if (!finished) {
    return [actionSkipped(ctx, "already-done", `${recorded}; it is still in progress`)];
  }
  const result: ProviderCheck = {
    passed: /^success$/i.test(status),
    taskId: null,
    phase: status,
    message: note ? `${note}: ${recorded}` : recorded,
  };
  return [await withProbes(ctx, result, cluster, deps)];
}

async function withProbes(
  ctx: OutcomeContext,
  check: ProviderCheck,
  cluster: ResolvedCluster,
  deps: PostcheckDeps,
): Promise<ShepherdEvent> {
  const probes = await runHealthProbes(cluster.healthProbes, deps.probes);
  const summary = summarizeProbes(probes);
  const passed = check.passed && probes.every((p) => p.ok);
  const message = [check.message, summary].filter((m): m is string => m !== null).join("; ");
  return postcheckOutcome(ctx, passed, {
    taskId: check.taskId,
    phase: check.phase,
    message: message || null,
  });
}
