import type { PutEventsRequestEntry } from "@aws-sdk/client-eventbridge";
import * as z from "zod";
import {
  type DeliveryRequested,
  DeliveryRequestedDetailSchema,
  deliveryId,
  MAX_EVENTS_PER_DELIVERY,
} from "../events/deliveryDetails.ts";
import { busEntry } from "../events/toPutEventsEntry.ts";

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

const BusEnvelopeSchema = z.object({
  "detail-type": z.string(),
  time: z.string().optional(),
  detail: z.unknown(),
});

/** The deliver handler's input: an EventBridge event whose detail is a Delivery Requested. */
export function parseDeliveryRequested(busEvent: unknown): DeliveryRequested {
  const envelope = BusEnvelopeSchema.parse(busEvent);
  if (envelope["detail-type"] !== DELIVERY_REQUESTED) {
    throw new TypeError(`expected ${DELIVERY_REQUESTED}, got ${envelope["detail-type"]}`);
  }
  return DeliveryRequestedDetailSchema.parse(envelope.detail);
}
