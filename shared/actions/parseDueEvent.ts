import * as z from "zod";
import {
  CancelDueDetailSchema,
  PostcheckDueDetailSchema,
  ResumeDueDetailSchema,
} from "../events/dueDetails.ts";
import { busEventSchema } from "../lambda/busEnvelope.ts";

const DueBusEventSchema = z.discriminatedUnion("detail-type", [
  busEventSchema("Postcheck Due", PostcheckDueDetailSchema),
  busEventSchema("Cancel Due", CancelDueDetailSchema),
  busEventSchema("Resume Due", ResumeDueDetailSchema),
]);

/** A due event as an action function receives it, discriminated by its detail-type. */
export type DueEvent =
  | { detailType: "Postcheck Due"; detail: z.infer<typeof PostcheckDueDetailSchema> }
  | { detailType: "Cancel Due"; detail: z.infer<typeof CancelDueDetailSchema> }
  | { detailType: "Resume Due"; detail: z.infer<typeof ResumeDueDetailSchema> };

/** Any of the three level events an action function answers. */
export type DueDetail = DueEvent["detail"];

/**
 * Reads the EventBridge event a rule delivers (`source`, `detail-type`, `detail`). Anything else
 * throws a ZodError naming the field: a due event that does not parse is a bug upstream, and
 * the on-failure destination is where it belongs.
 */
export function parseDueEvent(event: unknown): DueEvent {
  const parsed = DueBusEventSchema.parse(event);
  switch (parsed["detail-type"]) {
    case "Postcheck Due":
      return { detailType: parsed["detail-type"], detail: parsed.detail };
    case "Cancel Due":
      return { detailType: parsed["detail-type"], detail: parsed.detail };
    case "Resume Due":
      return { detailType: parsed["detail-type"], detail: parsed.detail };
  }
}
