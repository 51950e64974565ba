import * as z from "zod";

const Ms = z.number().int().positive();

/**
 * What decide needs to know, for one cluster. The lead maps config onto it; decide never reads
 * config itself, so it stays a pure function of (snapshot, window, policy).
 */
export const DecidePolicySchema = z
  .object({
    /**
     * The schedule's interval and the lag, used by `windowFor`. Decide itself reads both from
     * the window it is given (interval = end - start, lag = t - end), because a retried run
     * carries its original window and must judge exactly as the original did.
     */
    intervalMs: Ms,
    lagMs: z.number().int().nonnegative(),
    /**
     * Active (pending, prechecking, running) with no timestamp newer than this: stalled. With
     * `stallAuto`, the fallback for a cluster with fewer than 3 finished upgrades of its own.
     */
    stallThresholdMs: Ms,
    /**
     * `stallAfter: auto`: stalled once the upgrade (or its current step) runs past the onset
     * computed before decide from its usual duration (`Expectation.stall`). Absent means false.
     */
    stallAuto: z.boolean().optional(),
    /** The bucket length for repeats: stalls, pauses, poll failures, timestamp-less states. */
    repeatMs: Ms,
    /** How long after a success a missing PostCheck is still worth running. */
    postcheckHorizonMs: Ms,
    postcheckEnabled: z.boolean(),
    cancel: z.enum(["cancel", "alert-only"]),
    resume: z.enum(["resume-in-window", "alert-only"]),
    dryRun: z.boolean(),
  })
  .strict();
export type DecidePolicy = z.infer<typeof DecidePolicySchema>;
