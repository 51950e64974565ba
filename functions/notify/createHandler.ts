import type { ShepherdEvent } from "../../shared/events/shepherdEvent.ts";
import { isSqsEvent, sqsRecordBody } from "../../shared/lambda/busEnvelope.ts";
import { type ShepherdHandlerDeps, shepherdHandler } from "../../shared/lambda/shepherdHandler.ts";
import { DELIVERY_REQUESTED } from "../../shared/notify/deliveryRequested.ts";
import { parseBusEvent } from "../../shared/notify/parseBusEvent.ts";
import { route } from "../../shared/notify/route.ts";

/** What notify reads: in the cloud an SQS batch (so robot digests can form); locally, the bus. */
interface NotifyInput {
  events: ShepherdEvent[];
  /** Records that do not parse, reported alone (SQS partial batch response). */
  unreadable: { messageId: string; error: string }[];
  batch: boolean;
}

function parseNotifyInput(event: unknown): NotifyInput {
  if (!isSqsEvent(event)) return { events: [parseBusEvent(event)], unreadable: [], batch: false };
  const input: NotifyInput = { events: [], unreadable: [], batch: true };
  for (const record of event.Records) {
    try {
      input.events.push(parseBusEvent(sqsRecordBody(record)));
    } catch (error) {
      input.unreadable.push({ messageId: record.messageId, error: String(error) });
    }
  }
  return input;
}

/**
 * notify: lifecycle and outcome events in, one `Delivery Requested` per (event, receiver) out.
 * It reads the config document's receivers and routes, and no secret: it sends nothing itself,
 * so a receiver's failure is retried for that receiver alone, by deliver's own Lambda retries.
 * A record that does not parse goes to the queue's dead-letter queue after its retries; the
 * rest of the batch is routed.
 */
export function createNotifyHandler(deps: ShepherdHandlerDeps = {}) {
  return shepherdHandler(
    {
      name: "notify",
      needs: [],
      parse: parseNotifyInput,
      run: async ({ events, unreadable, batch }, { config }, { telemetry }) => {
        for (const u of unreadable) telemetry.logger.error("unreadable event", u);
        const deliveries = route(events, config);
        const summary = { events: events.length, deliveries: deliveries.length };
        const batchItemFailures = unreadable.map((u) => ({ itemIdentifier: u.messageId }));
        return {
          summary: batch ? { ...summary, batchItemFailures } : summary,
          publish: deliveries.map((detail) => ({ detailType: DELIVERY_REQUESTED, detail })),
        };
      },
    },
    deps,
  );
}
