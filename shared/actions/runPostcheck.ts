import type { ResolvedCluster } from "../config/resolveClusters.ts";
import type { PostcheckDueDetail } from "../events/dueDetails.ts";
import type { ShepherdEvent } from "../events/shepherdEvent.ts";
import type { Step } from "../model/snapshot.ts";
import { createPostCheck, type PostCheckResult } from "../providers/actions/createPostCheck.ts";
import { describeAckCluster } from "../providers/actions/describeAckCluster.ts";
import { ackPostcheckVerdict } from "./ackPostcheckVerdict.ts";
import type { ActionResult, PostcheckDeps } from "./actionDeps.ts";
import { isRefusal, reportableError } from "./actionError.ts";
import { settleRefusal } from "./carryOut.ts";
import { targetAndRead } from "./freshRead.ts";
import { judgePostcheck } from "./judgePostcheck.ts";
import { notInInventory, outcomeContext } from "./outcomeContext.ts";
import {
  actionFailed,
  actionSkipped,
  type OutcomeContext,
  type PostcheckResult,
  postcheckOutcome,
} from "./outcomeEvents.ts";
import { policyGate } from "./policyGate.ts";
import type { ProbeOptions, ProbeResult } from "./probes/probeTypes.ts";

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
  const refused = policyGate(ctx, "postcheck", {
    saw: due.policy,
    now: cluster.policy,
    press: deps.press,
  });
  if (refused) return { events: [refused] };
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
    const { summary: probes } = await healthProbes(cluster, deps.probes);
    const would = `dry run: would submit CreatePostCheck for ${upgrade.fromVersion ?? "?"} -> ${upgrade.toVersion ?? "?"}`;
    return [actionSkipped(ctx, "dry-run", probes ? `${would}; ${probes}` : would)];
  }
  let done: PostCheckResult;
  try {
    done = await createPostCheck(target, deps, upgrade);
  } catch (error) {
    if (!isRefusal(error)) return [actionFailed(ctx, reportableError(error))];
    // A PostCheck recorded after all (a concurrent delivery, or the console, got there first)
    // is the answer; otherwise the refusal is reported.
    return settleRefusal(ctx, error, target, deps, async (now, refused) => {
      const after = judgePostcheck(now.due.upgrade, now.upgrade);
      if ("recorded" in after) {
        const note = `${refused}, but a PostCheck is recorded`;
        return reportRecorded(now, after.recorded, cluster, deps, note);
      }
      return after.act ? null : [actionSkipped(now, after.reason, after.message)];
    });
  }
  const answered = {
    passed: done.phase === "Success",
    taskId: done.taskId,
    phase: done.phase,
    message: `CreatePostCheck answered ${done.phase}${done.requestId ? ` (request ${done.requestId})` : ""}`,
  };
  return [await withProbes(ctx, answered, cluster, deps)];
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
  const { results: probes, summary } = await healthProbes(cluster, deps.probes);
  const passed = check.passed && probes.every((p) => p.ok);
  const message = [check.message, summary].filter((m): m is string => m !== null).join("; ");
  return postcheckOutcome(ctx, passed, {
    taskId: check.taskId,
    phase: check.phase,
    message: message || null,
  });
}

/**
 * The cluster's health probes and their one-line summary (null without probes). The probes'
 * HTTP stack and SSRF guard load only for a cluster that has some (bench, section 1).
 */
async function healthProbes(
  cluster: ResolvedCluster,
  options: ProbeOptions | undefined,
): Promise<{ results: ProbeResult[]; summary: string | null }> {
  if (cluster.healthProbes.length === 0) return { results: [], summary: null };
  const { runHealthProbes, summarizeProbes } = await import("./probes/runHealthProbes.ts");
  const results = await runHealthProbes(cluster.healthProbes, options);
  return { results, summary: summarizeProbes(results) };
}
