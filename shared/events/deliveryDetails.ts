import * as z from "zod";
import { ReceiverTypeSchema } from "../model/receiverType.ts";
import { EventIdSchema, hashId } from "./eventId.ts";
import { severityField } from "./severityField.ts";
import { ShepherdEventSchema } from "./shepherdEvent.ts";

/** A robot digest holds at most this many events; other channels always carry one. */
export const MAX_EVENTS_PER_DELIVERY = 20;

/**
 * Delivery Requested: one delivery to one receiver, published by notify for the deliver step.
 * It names the receiver (never its URL or secret, which deliver resolves itself) and carries the
 * events whole, so deliver needs nothing else to render them. The receiver's name is checked
 * against the config by notify and deliver; here it is only a non-empty string, so the event
 * layer does not depend on the notify config.
 */
export const DeliveryRequestedDetailSchema = z
  .object({
    /** hash(receiver, event ids): the same routing of the same events gives the same id. */
    id: EventIdSchema,
    severity: severityField("Delivery Requested"),
    receiver: z.string().min(1),
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
