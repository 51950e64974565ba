import * as z from "zod";
import { AckUpgradeTaskTypeSchema } from "./ackUpgradeTaskType.ts";
import { durationSchema, MINUTE_MS } from "./duration.ts";
import { strictObject } from "./strictObject.ts";

/**
 * Concurrency: requests in flight with one credential set all count against one account's API
 * rate limit, so 16 keeps a large fleet under one key to a pace the gateways accept (429s are
 * retried with Retry-After), while 1,000 clusters at ~200 ms a read still finish in well under a
 * minute. 64 per provider bounds the sockets and memory one function holds open.
 *
 * Read retries: the delay is at most 15 minutes, the longest an SQS delay queue can hold a message.
 */
export const PollSettingsSchema = strictObject({
  requestTimeout: durationSchema({ min: 100, max: 30_000 })
    .prefault("10s")
    .describe(
      "Timeout of one HTTP request to a cloud API. At most 30s: a read and its retries must fit well inside one function run.",
    ),
  concurrency: strictObject({
    perProvider: z.int().min(1).default(64).describe("Requests in flight per provider."),
    perCredentialSet: z
      .int()
      .min(1)
      .default(16)
      .describe("Requests in flight per credential set (one account's rate limit)."),
    requestsPerSecond: z
      .number()
      .positive()
      .max(1000)
      .default(15)
      .describe(
        "Requests started per second per credential set, across all shards of a run (each shard paces to its share). Keep it under the account's API rate limit: a burst over it is answered with 429s that cost retries.",
      ),
  })
    .prefault({})
    .describe("Limits on requests in flight during a poll."),
  readRetry: strictObject({
    attempts: z
      .int()
      .min(0)
      .max(10)
      .default(2)
      .describe("Re-reads of a cluster whose read failed, before Poll Failed."),
    delay: durationSchema({ max: 15 * MINUTE_MS })
      .prefault("1m")
      .describe("Wait before each re-read (Poll Retry Requested)."),
  })
    .prefault({})
    .describe("Re-reading clusters whose read failed, for the same window."),
  postcheckHorizon: durationSchema({ min: MINUTE_MS })
    .prefault("6h")
    .describe("How long after a success a Postcheck Due may still fire."),
  ackUpgradeTaskType: AckUpgradeTaskTypeSchema,
  shardSize: z
    .int()
    .min(1)
    .max(500)
    .default(500)
    .describe("Clusters per poll invocation; a larger inventory is split into shards."),
});
export type PollSettings = z.infer<typeof PollSettingsSchema>;
