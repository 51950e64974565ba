import { injectLambdaContext } from "@aws-lambda-powertools/logger/middleware";
import { logMetrics } from "@aws-lambda-powertools/metrics/middleware";
import middy from "@middy/core";
import * as z from "zod";
import {
  type ShepherdConfigMiddlewareOptions,
  type ShepherdContext,
  shepherdConfigMiddleware,
} from "../../config/shepherdConfigMiddleware.ts";
import { type EventBridgeLike, publishEntries } from "../../events/publish.ts";
import type { ShepherdEvent } from "../../events/shepherdEvent.ts";
import { createTelemetry, MetricUnit, type Telemetry } from "../../observability/telemetry.ts";
import { deliveryRequestedEntry } from "../deliveryRequested.ts";
import { parseBusEvent } from "../parseBusEvent.ts";
import { route } from "../route.ts";

export interface NotifyHandlerDeps {
  eventBridge: EventBridgeLike;
  config?: ShepherdConfigMiddlewareOptions;
  telemetry?: Telemetry;
}

/** In the cloud notify reads an SQS queue in batches (so robot digests can form); locally, the bus. */
const SqsBatchSchema = z.object({
  Records: z.array(z.object({ messageId: z.string(), body: z.string() })),
});

/**
 * notify: lifecycle and outcome events in, one `Delivery Requested` per (event, receiver) out.
 * It sends nothing itself, so a receiver's failure is retried for that receiver alone, by the
 * deliver function's own Lambda retries.
 */
export function createNotifyHandler(deps: NotifyHandlerDeps) {
  const telemetry = deps.telemetry ?? createTelemetry("notify");
  return middy<unknown, unknown, Error, ShepherdContext>()
    .use(injectLambdaContext(telemetry.logger))
    .use(logMetrics(telemetry.metrics))
    .use(shepherdConfigMiddleware(deps.config))
    .handler(async (event, context) => {
      const batch = SqsBatchSchema.safeParse(event);
      const events: ShepherdEvent[] = [];
      // A record that does not parse is reported alone (SQS partial batch response) and goes
      // to the queue's dead-letter queue after its retries; the rest of the batch is sent.
      const batchItemFailures: { itemIdentifier: string }[] = [];
      if (batch.success) {
        for (const r of batch.data.Records) {
          try {
            events.push(parseBusEvent(r.body));
          } catch (error) {
            telemetry.logger.error("unreadable event", {
              messageId: r.messageId,
              error: String(error),
            });
            batchItemFailures.push({ itemIdentifier: r.messageId });
          }
        }
      } else {
        events.push(parseBusEvent(event));
      }
      const { config } = context.shepherd;
      const deliveries = route(events, config);
      const published = await publishEntries(
        deps.eventBridge,
        deliveries.map((d) => deliveryRequestedEntry(d, config.bus)),
      );
      for (const d of deliveries) {
        telemetry.logger.info("delivery requested", {
          deliveryId: d.id,
          receiver: d.receiver,
          channel: d.channel,
          eventIds: d.eventIds,
        });
      }
      telemetry.metrics.addMetric("DeliveriesRequested", MetricUnit.Count, deliveries.length);
      const summary = {
        events: events.length,
        deliveries: deliveries.length,
        putEventsCalls: published.calls,
      };
      return batch.success ? { ...summary, batchItemFailures } : summary;
    });
}
