import * as z from "zod";
import {
  PollRetryRequestedDetailSchema,
  PollShardRequestedDetailSchema,
} from "../events/pollDetails.ts";

/** The EventBridge schedule's event: only `time` matters, and it is the run's `T`. */
const ScheduledEventSchema = z.object({
  source: z.literal("aws.events"),
  "detail-type": z.literal("Scheduled Event"),
  time: z.iso.datetime({ offset: true }),
});

const RetryEventSchema = z.object({
  source: z.literal("upgrade-shepherd"),
  "detail-type": z.literal("Poll Retry Requested"),
  detail: PollRetryRequestedDetailSchema,
});

const ShardEventSchema = z.object({
  source: z.literal("upgrade-shepherd"),
  "detail-type": z.literal("Poll Shard Requested"),
  detail: PollShardRequestedDetailSchema,
});

const BusEventSchema = z.union([ScheduledEventSchema, RetryEventSchema, ShardEventSchema]);

/**
 * Retries arrive through an SQS delay queue (the rule for Poll Retry Requested targets it), so
 * the EventBridge event is the body of a one-record SQS event.
 */
const SqsEventSchema = z.object({
  Records: z
    .array(z.object({ body: z.string() }))
    .length(1, "the delay queue's event source mapping uses batch size 1"),
});

export type PollTrigger =
  | { kind: "schedule"; t: Date }
  | { kind: "retry"; detail: z.infer<typeof PollRetryRequestedDetailSchema> }
  | { kind: "shard"; detail: z.infer<typeof PollShardRequestedDetailSchema> };

/** What started this invocation: the schedule, a shard request, or a re-read request. */
export function parsePollEvent(event: unknown): PollTrigger {
  const sqs = SqsEventSchema.safeParse(event);
  const raw = sqs.success ? JSON.parse(sqs.data.Records[0]?.body ?? "null") : event;
  const parsed = BusEventSchema.parse(raw);
  if (parsed["detail-type"] === "Scheduled Event")
    return { kind: "schedule", t: new Date(parsed.time) };
  if (parsed["detail-type"] === "Poll Retry Requested")
    return { kind: "retry", detail: parsed.detail };
  return { kind: "shard", detail: parsed.detail };
}
