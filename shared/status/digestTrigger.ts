import * as z from "zod";

/**
 * The weekly digest schedule's event. Its rule (infra/events/poll-status.yml) sends this input,
 * built from the schedule's own time by an input transformer, so the digest knows its `T`.
 */
export const DigestEventSchema = z
  .object({ digest: z.literal("weekly"), time: z.iso.datetime({ offset: true }) })
  .strict();

export interface DigestTrigger {
  kind: "digest";
  t: Date;
}

/** The digest's trigger, or null when the event is another poll-status input. */
export function parseDigestEvent(event: unknown): DigestTrigger | null {
  const parsed = DigestEventSchema.safeParse(event);
  return parsed.success ? { kind: "digest", t: new Date(parsed.data.time) } : null;
}
