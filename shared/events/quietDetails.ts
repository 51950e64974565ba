import * as z from "zod";
import { clusterDetailShape } from "./clusterDetail.ts";

const IsoTime = z.iso.datetime({ offset: true });

/** Where a silence lives: a target of the cluster's `quietDuringUpgrade` (by its config name). */
export const SilenceTargetRefSchema = z
  .object({
    name: z.string().min(1),
    /** `alertmanager`: an Alertmanager API v2 silence; `pagerduty`: a maintenance window. */
    kind: z.enum(["alertmanager", "pagerduty"]),
  })
  .strict();
export type SilenceTargetRef = z.infer<typeof SilenceTargetRefSchema>;

/** One silence (an Alertmanager silence or a PagerDuty maintenance window), as the target holds it. */
export const SilenceSchema = z
  .object({
    /** The target's id for it; null for one a dry run would have made. */
    id: z.string().min(1).nullable(),
    startsAt: IsoTime,
    /** When it ends unless a later run extends it (for a lifted one: when it would have ended). */
    endsAt: IsoTime,
    /** Alertmanager: its matchers, in Alertmanager's syntax (`cluster="prod-a"`). */
    matchers: z.array(z.string()).optional(),
    /** PagerDuty: the ids of the services in maintenance. */
    services: z.array(z.string()).optional(),
  })
  .strict();
export type Silence = z.infer<typeof SilenceSchema>;

/**
 * Why a silence was lifted: the upgrade `succeeded`, `failed` or was `cancelled`; it `stalled`
 * (a stalled upgrade is never kept quiet); it is in a `phase` the config does not keep quiet
 * (or one no source documents); the cluster shows `no-upgrade`; the silence belongs to an
 * earlier upgrade of the cluster (`superseded`); or the upgrade has been kept quiet for
 * `maxLength` (`max-length`), after which it is not silenced again.
 */
export const UnsilenceReasonSchema = z.enum([
  "succeeded",
  "failed",
  "cancelled",
  "stalled",
  "phase",
  "no-upgrade",
  "superseded",
  "max-length",
]);
export type UnsilenceReason = z.infer<typeof UnsilenceReasonSchema>;

/**
 * The cluster's other alerts are silenced for its upgrade on one target: announced by the run
 * that made the silence (a retry of that run finds it and announces it again with the same id),
 * not by the runs that extend it. In a dry run, nothing was made: announced once per repeat
 * bucket while the upgrade would be kept quiet.
 */
export const AlertsSilencedDetailSchema = z
  .object({
    ...clusterDetailShape("Alerts Silenced"),
    target: SilenceTargetRefSchema,
    silence: SilenceSchema,
    dryRun: z.boolean(),
  })
  .strict();
export type AlertsSilencedDetail = z.infer<typeof AlertsSilencedDetailSchema>;

/** A silence of ours was ended early (Alertmanager: expired; PagerDuty: the window ended now). */
export const AlertsUnsilencedDetailSchema = z
  .object({
    ...clusterDetailShape("Alerts Unsilenced"),
    target: SilenceTargetRefSchema,
    silence: SilenceSchema.extend({ id: z.string().min(1) }),
    reason: UnsilenceReasonSchema,
    /** The upgrade the silence was made for (`upgrade` is the one read now, or null). */
    silencedUpgradeId: z.string(),
    dryRun: z.boolean(),
  })
  .strict();
export type AlertsUnsilencedDetail = z.infer<typeof AlertsUnsilencedDetailSchema>;

/**
 * What a failure or stall alert says about the silences of its upgrade: `lifted` (in this run,
 * or already, by an earlier run that read the failure first), `failed` (the call to lift it
 * failed: it lapses by itself at `endsAt`), or `dry-run` (it would have been lifted).
 */
export const LiftedSilenceSchema = z
  .object({
    target: SilenceTargetRefSchema,
    /** Null when the target could not even be read: whether a silence was in force is unknown. */
    silenceId: z.string().min(1).nullable(),
    outcome: z.enum(["lifted", "failed", "dry-run"]),
    /** When it ended, or (failed) when it lapses by itself; null when unknown. */
    endsAt: IsoTime.nullable(),
    /** Why the call failed, in words safe to show (no URL, no token). */
    problem: z.string().optional(),
  })
  .strict();
export type LiftedSilence = z.infer<typeof LiftedSilenceSchema>;
