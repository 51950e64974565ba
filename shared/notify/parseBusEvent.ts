import * as z from "zod";
import { type ShepherdEvent, ShepherdEventSchema } from "../events/shepherdEvent.ts";

const BusEventSchema = z.object({
  "detail-type": z.string(),
  time: z.string(),
  detail: z.unknown(),
});

/**
 * An EventBridge event (as Lambda receives it, or as the body of an SQS message fed by a rule)
 * back into a `ShepherdEvent`, parsed with the catalogue's schemas. EventBridge writes `time`
 * without milliseconds; it is normalized so ids and renders do not depend on the path taken.
 */
export function parseBusEvent(busEvent: unknown): ShepherdEvent {
  const e = BusEventSchema.parse(typeof busEvent === "string" ? JSON.parse(busEvent) : busEvent);
  const time = new Date(e.time);
  if (Number.isNaN(time.getTime())) throw new TypeError(`bad event time ${JSON.stringify(e.time)}`);
  return ShepherdEventSchema.parse({
    detailType: e["detail-type"],
    time: time.toISOString(),
    detail: e.detail,
  });
}
