import type { Eta } from "../eta/estimateEta.ts";
import type { CancelDueDetail } from "../events/dueDetails.ts";
import { autoActionsSuspendedId, outcomeEventId } from "../events/eventId.ts";
import type { OutcomeAction } from "../events/outcomeDetails.ts";
import {
  actionSkippedSeverity,
  type PrecheckReport,
  precheckAnnounced,
  type SkipReason,
} from "../events/outcomeDetails.ts";
import type { RequestedBy } from "../events/requestedBy.ts";
import type { UpgradeDueDetail } from "../events/rolloutDetails.ts";
import type { Severity } from "../events/severity.ts";
import { type ShepherdEvent, ShepherdEventSchema } from "../events/shepherdEvent.ts";
import type { Upgrade } from "../model/snapshot.ts";
import type { ActionError } from "./actionError.ts";
import type { DueDetail } from "./parseDueEvent.ts";

/** What every outcome of one due event shares. */
export interface OutcomeContext<D extends DueDetail | UpgradeDueDetail = DueDetail> {
  due: D;
  action: OutcomeAction;
  dryRun: boolean;
  /** The upgrade as last read: the re-read once there was one, the due event's until then. */
  upgrade: Upgrade | null;
  /** When the function decided; the event's `time`. The id does not depend on it. */
  at: Date;
  /** Set when a person pressed the action in chat; every outcome then says who. */
  requestedBy?: RequestedBy | undefined;
}

export interface PostcheckResult {
  taskId: string | null;
  phase: string;
  message: string | null;
}

/**
 * The fields of a cluster-scoped outcome. The id derives from the due event's id and the
 * detail-type, so a retried invocation answering the same due event sends the same id, and
 * receivers deduplicate it.
 */
function base(
  ctx: OutcomeContext<DueDetail | UpgradeDueDetail>,
  detailType: ShepherdEvent["detailType"],
  severity: Severity,
) {
  return {
    id: outcomeEventId(ctx.due.id, detailType),
    severity,
    cluster: ctx.due.cluster,
    upgrade: ctx.upgrade,
    window: ctx.due.window,
    consoleUrl: ctx.due.consoleUrl,
    dueEventId: ctx.due.id,
    dryRun: ctx.dryRun,
    ...(ctx.requestedBy ? { requestedBy: ctx.requestedBy } : {}),
  };
}

/**
 * Parsed before it leaves, so an event that breaks the catalogue (a severity that does not
 * follow its reason, a field too many) fails in the function that made it, before any publish.
 */
const event = (detailType: ShepherdEvent["detailType"], detail: object, at: Date): ShepherdEvent =>
  ShepherdEventSchema.parse({ detailType, time: at.toISOString(), detail });

export const actionSucceeded = (
  ctx: OutcomeContext<DueDetail | UpgradeDueDetail>,
  result: {
    alreadyDone: boolean;
    requestId: string | null;
    message: string | null;
    eta?: Eta | null | undefined;
  },
): ShepherdEvent =>
  event(
    "Action Succeeded",
    { ...base(ctx, "Action Succeeded", "info"), action: ctx.action, ...result },
    ctx.at,
  );

/**
 * `precheck`, with reason `precheck` only: the cloud's precheck whose findings stop the start; it
 * is a warning only in the run whose window holds its finish time (`precheckAnnounced`).
 */
export const actionSkipped = (
  ctx: OutcomeContext<DueDetail | UpgradeDueDetail>,
  reason: SkipReason,
  message: string,
  precheck?: PrecheckReport,
): ShepherdEvent =>
  event(
    "Action Skipped",
    {
      ...base(
        ctx,
        "Action Skipped",
        actionSkippedSeverity(
          reason,
          ctx.requestedBy !== undefined,
          precheckAnnounced(precheck, ctx.due.window),
        ),
      ),
      action: ctx.action,
      reason,
      message,
      ...(precheck ? { precheck } : {}),
    },
    ctx.at,
  );

export const actionFailed = (
  ctx: OutcomeContext<DueDetail | UpgradeDueDetail>,
  error: ActionError,
): ShepherdEvent =>
  event(
    "Action Failed",
    { ...base(ctx, "Action Failed", "critical"), action: ctx.action, error },
    ctx.at,
  );

export const postcheckOutcome = (
  ctx: OutcomeContext,
  passed: boolean,
  postcheck: PostcheckResult,
): ShepherdEvent => {
  const detailType = passed ? "Postcheck Passed" : "Postcheck Failed";
  const severity = passed ? "info" : "critical";
  return event(detailType, { ...base(ctx, detailType, severity), postcheck }, ctx.at);
};

/**
 * Run-scoped: every cancel-on-failure invocation of the run that finds the count over the limit
 * builds this same event (id from `T`, the action and the shard; `time` is `T`), so the bus
 * carries one alert however many clusters failed.
 */
export const autoActionsSuspended = (due: CancelDueDetail, limit: number): ShepherdEvent =>
  event(
    "Auto Actions Suspended",
    {
      id: autoActionsSuspendedId(due.window.t, "cancel", due.shard),
      severity: "critical",
      window: due.window,
      action: "cancel",
      clustersDueForCancel: due.clustersDueForCancel,
      limit,
      shard: due.shard,
    },
    new Date(due.window.t),
  );
