import { type ShepherdEvent, ShepherdEventSchema } from "../events/shepherdEvent.ts";
import { BusEnvelopeSchema } from "../lambda/busEnvelope.ts";

const NotifiedEnvelopeSchema = BusEnvelopeSchema.pick({
  "detail-type": true,
  time: true,
  detail: true,
});

/**
 * An EventBridge event (as Lambda receives it, or as the body of an SQS message fed by a rule,
 * parsed or as JSON text) back into a `ShepherdEvent`, parsed with the catalogue's schemas.
 * EventBridge writes `time` without milliseconds; it is normalized so ids and renders do not
 * depend on the path taken.
 */
export function parseBusEvent(busEvent: unknown): ShepherdEvent {
  const e = NotifiedEnvelopeSchema.parse(
    typeof busEvent === "string" ? JSON.parse(busEvent) : busEvent,
  );
  return ShepherdEventSchema.parse({
    detailType: e["detail-type"],
    time: new Date(e.time).toISOString(),
    detail: e.detail,
  });
}
