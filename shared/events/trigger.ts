import * as z from "zod";

const IsoTime = z.iso.datetime();

/** Which of the upgrade's timestamps dated the transition; `updatedAt` is mutable, so a hint. */
export const TransitionTimestampSchema = z.enum([
  "createdAt",
  "finishedAt",
  "clusterStepFinishedAt",
  "updatedAt",
  "stallOnset",
  "soakEnd",
]);
export type TransitionTimestamp = z.infer<typeof TransitionTimestampSchema>;

/** A transition whose own time fell in the run's window: announced once. */
export const TransitionTriggerSchema = z
  .object({
    kind: z.literal("transition"),
    at: IsoTime,
    from: TransitionTimestampSchema,
  })
  .strict();

/**
 * A state with no usable timestamp, or one that still holds (a stall, a pause), re-announced in
 * the first run of each repeat bucket; `bucketStart` is what the id is keyed on.
 */
export const RepeatTriggerSchema = z
  .object({
    kind: z.literal("repeat"),
    bucketStart: IsoTime,
    repeatMs: z.number().int().positive(),
  })
  .strict();

/** Why an edge event fired, so a renderer can say "paused" versus "still paused". */
export const TriggerSchema = z.discriminatedUnion("kind", [
  TransitionTriggerSchema,
  RepeatTriggerSchema,
]);
export type Trigger = z.infer<typeof TriggerSchema>;
