import * as z from "zod";
import { EtaSchema } from "../eta/etaSchema.ts";
import { IsoTime } from "../model/isoTime.ts";
import { clusterDetailShape } from "./clusterDetail.ts";
import { EventIdSchema } from "./eventId.ts";
import { RequestedBySchema } from "./requestedBy.ts";
import type { Severity } from "./severity.ts";
import { severityField } from "./severityField.ts";
import { ShardSchema } from "./shard.ts";
import { type Window, WindowSchema } from "./window.ts";

/** At most this many findings, each at most this many characters, in an Action Skipped `precheck`. */
export const PRECHECK_FINDINGS_MAX = 10;
export const PRECHECK_FINDING_MAX = 300;

/** What the action functions do in answer to a due event. */
export const ActionSchema = z.enum(["postcheck", "cancel", "resume"]);
export type Action = z.infer<typeof ActionSchema>;

/**
 * What an outcome event answers: the three actions a person may also press in chat, and
 * `upgrade`, the start of a rollout's upgrade (start-upgrade, on Upgrade Due), which no press
 * names.
 */
export const OutcomeActionSchema = z.enum([...ActionSchema.options, "upgrade"]);
export type OutcomeAction = z.infer<typeof OutcomeActionSchema>;

/**
 * Why an action was not taken. `precondition` (the cloud's documented preconditions do not hold
 * on the re-read), `blast-radius` (too many clusters due at once) and `precheck` (the cloud's own
 * pre-upgrade check has findings; start-upgrade only) need a human; the rest are the system
 * working as configured. `precheck-running`: start-upgrade started the cloud's precheck, or one
 * runs, and the start waits for its result (a later Upgrade Due).
 */
export const SkipReasonSchema = z.enum([
  "policy",
  "dry-run",
  "outside-window",
  "state-changed",
  "precondition",
  "blast-radius",
  "already-done",
  "unsupported",
  "precheck",
  "precheck-running",
]);
export type SkipReason = z.infer<typeof SkipReasonSchema>;

/**
 * The catalogue's rule: debug, or warning for precondition and blast-radius, and for a
 * precheck's findings in the one run whose window holds the precheck's finish time (`announce`;
 * Upgrade Due comes every run, and the findings are announced once). A skipped press is always a
 * warning: a person asked for it and is waiting to hear why nothing happened.
 */
export function actionSkippedSeverity(
  reason: SkipReason,
  pressed = false,
  announce = true,
): Severity {
  if (pressed || reason === "precondition" || reason === "blast-radius") return "warning";
  return reason === "precheck" && announce ? "warning" : "debug";
}

/**
 * The cloud's precheck an Action Skipped `precheck` reports: the provider's record id and status
 * (unchanged), its finish time (ISO 8601 UTC; null when the record shows none) and its findings,
 * each a bounded line of the provider's text.
 */
export const PrecheckReportSchema = z
  .object({
    id: z.string().min(1),
    status: z.string(),
    finishedAt: IsoTime.nullable(),
    findings: z.array(z.string().max(PRECHECK_FINDING_MAX)).max(PRECHECK_FINDINGS_MAX),
  })
  .strict();
export type PrecheckReport = z.infer<typeof PrecheckReportSchema>;

/** Whether a precheck's findings are announced in this window: its finish time falls inside it. */
export function precheckAnnounced(report: PrecheckReport | undefined, window: Window): boolean {
  if (report?.finishedAt == null) return false;
  // W = (start, end], as `inWindow` (shared/decide/windowMs.ts) reads it.
  const at = Date.parse(report.finishedAt);
  return Date.parse(window.start) < at && at <= Date.parse(window.end);
}

const outcomeShape = {
  /**
   * The event this answers; outcome ids derive from it (`outcomeEventId`): the due event for an
   * automatic action, the Action Requested for a press.
   */
  dueEventId: EventIdSchema,
  dryRun: z.boolean(),
  /** Present when a person pressed the action in chat (Action Requested); absent when automatic. */
  requestedBy: RequestedBySchema.optional(),
};

const PostcheckResultSchema = z
  .object({
    taskId: z.string().nullable(),
    /** The provider's phase, unchanged (CCE: Success, Failed or Error). */
    phase: z.string(),
    message: z.string().nullable(),
  })
  .strict();

export const PostcheckPassedDetailSchema = z
  .object({
    ...clusterDetailShape("Postcheck Passed"),
    ...outcomeShape,
    postcheck: PostcheckResultSchema,
  })
  .strict();
export type PostcheckPassedDetail = z.infer<typeof PostcheckPassedDetailSchema>;

export const PostcheckFailedDetailSchema = z
  .object({
    ...clusterDetailShape("Postcheck Failed"),
    ...outcomeShape,
    postcheck: PostcheckResultSchema,
  })
  .strict();
export type PostcheckFailedDetail = z.infer<typeof PostcheckFailedDetailSchema>;

export const ActionSucceededDetailSchema = z
  .object({
    ...clusterDetailShape("Action Succeeded"),
    ...outcomeShape,
    action: OutcomeActionSchema,
    /** The cloud said it was already done; that counts as done (DESIGN.md, rule 5). */
    alreadyDone: z.boolean(),
    requestId: z.string().nullable(),
    message: z.string().nullable(),
    /**
     * A resume only: when the resumed upgrade will likely finish, from the cluster's own past
     * upgrades in the fresh read (`expectationFor`, at the action's time); absent or null when
     * it has fewer than 3 finished. Issue 18: every message about a running upgrade has its ETA.
     */
    eta: EtaSchema.nullable().optional(),
  })
  .strict();
export type ActionSucceededDetail = z.infer<typeof ActionSucceededDetailSchema>;

export const ActionSkippedDetailSchema = z
  .object({
    ...clusterDetailShape("Action Skipped"),
    ...outcomeShape,
    action: OutcomeActionSchema,
    reason: SkipReasonSchema,
    message: z.string().nullable(),
    /** Reason `precheck` only: the cloud's precheck and its findings. */
    precheck: PrecheckReportSchema.optional(),
  })
  .strict()
  .refine(
    (d) =>
      d.severity ===
      actionSkippedSeverity(
        d.reason,
        d.requestedBy !== undefined,
        precheckAnnounced(d.precheck, d.window),
      ),
    {
      message: "Action Skipped severity must follow its reason",
      path: ["severity"],
    },
  );
export type ActionSkippedDetail = z.infer<typeof ActionSkippedDetailSchema>;

export const ActionFailedDetailSchema = z
  .object({
    ...clusterDetailShape("Action Failed"),
    ...outcomeShape,
    action: OutcomeActionSchema,
    error: z
      .object({
        kind: z.string().nullable(),
        code: z.string().nullable(),
        message: z.string(),
        requestId: z.string().nullable(),
      })
      .strict(),
  })
  .strict();
export type ActionFailedDetail = z.infer<typeof ActionFailedDetailSchema>;

/**
 * Run-scoped, not cluster-scoped: each cancel-on-failure invocation sees one Cancel Due, so each
 * one that finds the count over the limit emits this with the same id (`autoActionsSuspendedId`),
 * and receivers see it once.
 */
export const AutoActionsSuspendedDetailSchema = z
  .object({
    id: EventIdSchema,
    severity: severityField("Auto Actions Suspended"),
    window: WindowSchema,
    action: ActionSchema,
    clustersDueForCancel: z.number().int().min(1),
    limit: z.number().int().min(0),
    shard: ShardSchema.nullable(),
  })
  .strict();
export type AutoActionsSuspendedDetail = z.infer<typeof AutoActionsSuspendedDetailSchema>;
