import type { PutEventsRequestEntry } from "@aws-sdk/client-eventbridge";
import * as z from "zod";
import { EVENT_SOURCE } from "../events/detailType.ts";
import { EventIdSchema, hashId } from "../events/eventId.ts";
import { ShepherdEventSchema } from "../events/shepherdEvent.ts";
import { ReceiverNameSchema } from "./config.ts";
import { ReceiverTypeSchema } from "./receiverType.ts";

/** The detail-type of one delivery to one receiver, published by notify for the deliver step. */
export const DELIVERY_REQUESTED = "Delivery Requested";

/** A robot digest holds at most this many events; other channels always carry one. */
export const MAX_EVENTS_PER_DELIVERY = 20;

/**
 * One delivery: the receiver's name (never its URL or secret, which deliver resolves itself) and
 * the events to send, whole, so deliver needs nothing else to render them.
 */
export const DeliveryRequestedDetailSchema = z
  .object({
    /** hash(receiver, event ids): the same routing of the same events gives the same id. */
    id: EventIdSchema,
    receiver: ReceiverNameSchema,
    /** The receiver's type when routed, for logs and metrics. */
    channel: ReceiverTypeSchema,
    /** The events' ids, in order, for logs. */
    eventIds: z.array(EventIdSchema).min(1).max(MAX_EVENTS_PER_DELIVERY),
    events: z.array(ShepherdEventSchema).min(1).max(MAX_EVENTS_PER_DELIVERY),
  })
  .strict()
  .refine(
    (d) =>
      d.eventIds.length === d.events.length &&
      d.events.every((e, i) => e.detail.id === d.eventIds[i]),
    {
      message: "eventIds must list the events' ids in order",
      path: ["eventIds"],
    },
  );
export type DeliveryRequested = z.infer<typeof DeliveryRequestedDetailSchema>;

export function deliveryId(receiver: string, eventIds: readonly string[]): string {
  return hashId(["delivery", receiver, ...eventIds]);
}

/** The PutEvents entry; parsing first, so a malformed delivery fails in notify, not in deliver. */
export function deliveryRequestedEntry(
  delivery: DeliveryRequested,
  busName: string,
): PutEventsRequestEntry {
  const parsed = DeliveryRequestedDetailSchema.parse(delivery);
  return {
    Source: EVENT_SOURCE,
    DetailType: DELIVERY_REQUESTED,
    Detail: JSON.stringify(parsed),
    EventBusName: busName,
  };
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
