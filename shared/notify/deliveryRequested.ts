import type { PutEventsRequestEntry } from "@aws-sdk/client-eventbridge";
import {
  type DeliveryRequested,
  DeliveryRequestedDetailSchema,
  deliveryId,
  MAX_EVENTS_PER_DELIVERY,
} from "../events/deliveryDetails.ts";
import { busEntry } from "../events/toPutEventsEntry.ts";
import { BusEnvelopeSchema } from "../lambda/busEnvelope.ts";

export {
  type DeliveryRequested,
  DeliveryRequestedDetailSchema,
  deliveryId,
  MAX_EVENTS_PER_DELIVERY,
};

/** The detail-type of one delivery to one receiver (a registry row, `events/catalogue.ts`). */
export const DELIVERY_REQUESTED = "Delivery Requested";

/** The PutEvents entry; parsing first, so a malformed delivery fails in notify, not in deliver. */
export function deliveryRequestedEntry(
  delivery: DeliveryRequested,
  busName: string,
): PutEventsRequestEntry {
  return busEntry(DELIVERY_REQUESTED, delivery, busName);
}

/** `detail-type` and `detail` are all deliver reads of the envelope. */
const DeliveryEnvelopeSchema = BusEnvelopeSchema.pick({ "detail-type": true, detail: true });

/** The deliver handler's input: an EventBridge event whose detail is a Delivery Requested. */
export function parseDeliveryRequested(busEvent: unknown): DeliveryRequested {
  const envelope = DeliveryEnvelopeSchema.parse(busEvent);
  if (envelope["detail-type"] !== DELIVERY_REQUESTED) {
    throw new TypeError(`expected ${DELIVERY_REQUESTED}, got ${envelope["detail-type"]}`);
  }
  return DeliveryRequestedDetailSchema.parse(envelope.detail);
}
