import * as z from "zod";
import { EVENT_SOURCE } from "../events/detailType.ts";

/**
 * The EventBridge event as a rule delivers it to Lambda, or as the body of the SQS message a
 * rule sent to a queue: https://docs.aws.amazon.com/eventbridge/latest/ref/overiew-event-structure.html
 * (`version`, `id`, `account`, `region` and `resources` are there too; nothing here reads them).
 * `time` is ISO 8601 (EventBridge writes it without milliseconds).
 */
export const BusEnvelopeSchema = z.object({
  source: z.string(),
  "detail-type": z.string(),
  time: z.iso.datetime({ offset: true }),
  detail: z.unknown(),
});
export type BusEnvelope = z.infer<typeof BusEnvelopeSchema>;

/** One event of ours: `source` is `upgrade-shepherd`, the detail-type and detail as given. */
export function busEventSchema<const T extends string, D extends z.ZodType>(
  detailType: T,
  detail: D,
) {
  return BusEnvelopeSchema.extend({
    source: z.literal(EVENT_SOURCE),
    "detail-type": z.literal(detailType),
    detail,
  });
}

/** A record's body, parsed as JSON; a body that is not JSON is an issue at its path. */
const JsonBodySchema = z.string().transform((body, ctx): unknown => {
  try {
    return JSON.parse(body);
  } catch {
    ctx.addIssue({ code: "custom", message: "the message body is not JSON" });
    return z.NEVER;
  }
});

/**
 * An SQS event from a Lambda event source mapping, each record's body one bus event as JSON:
 * https://docs.aws.amazon.com/lambda/latest/dg/with-sqs.html. Only `messageId` (for a partial
 * batch response) and `body` are read.
 */
export const SqsEventSchema = z.object({
  Records: z.array(z.object({ messageId: z.string(), body: z.string() })).min(1),
});
export type SqsRecord = z.infer<typeof SqsEventSchema>["Records"][number];

/** Whether a Lambda event is an SQS batch (else it came straight from a rule). */
export function isSqsEvent(event: unknown): event is z.infer<typeof SqsEventSchema> {
  return SqsEventSchema.safeParse(event).success;
}

/** A record's body as a bus event; throws a ZodError naming what is wrong. */
export function sqsRecordBody(record: SqsRecord): unknown {
  return JsonBodySchema.parse(record.body);
}
