import { setTimeout as delay } from "node:timers/promises";
import type { PutEventsCommand, PutEventsRequestEntry } from "@aws-sdk/client-eventbridge";
import { chunkBy } from "../chunkBy.ts";
import { PublishError, ShepherdError } from "../errors.ts";
import { nextRetry, type RetryPolicy } from "../retryPolicy.ts";
import { DETAIL_SCHEMAS } from "./detailSchemas.ts";
import { EVENT_SOURCE } from "./detailType.ts";
import { entrySize, fitEntry } from "./fitEntry.ts";
import { loadEventBridgeSdk } from "./lazyEventBridge.ts";

/** The part of the EventBridge client the publisher uses; injected so tests pass their own. */
export interface EventBridgeLike {
  send(command: PutEventsCommand): Promise<{
    FailedEntryCount?: number | undefined;
    Entries?:
      | {
          EventId?: string | undefined;
          ErrorCode?: string | undefined;
          ErrorMessage?: string | undefined;
        }[]
      | undefined;
  }>;
}

export { entrySize };

/** PutEvents takes at most 10 entries, under 256 KB in all. */
export const MAX_ENTRIES_PER_CALL = 10;
export const MAX_BYTES_PER_CALL = 256 * 1024;

/** Splits entries into PutEvents calls: at most 10 entries and under 256 KB each, in order. */
export function batchEntries(entries: readonly PutEventsRequestEntry[]): PutEventsRequestEntry[][] {
  for (const entry of entries) {
    const s = entrySize(entry);
    if (s >= MAX_BYTES_PER_CALL) {
      throw new ShepherdError(`event ${entry.DetailType} is ${s} bytes, over the PutEvents limit`);
    }
  }
  return chunkBy(entries, {
    maxCount: MAX_ENTRIES_PER_CALL,
    maxBytes: MAX_BYTES_PER_CALL - 1,
    size: entrySize,
  });
}

/**
 * EventBridge answers a throttled or failed entry within the same call; three attempts with
 * short, jittered waits, then `PublishError` and Lambda's own retry.
 */
export const PUBLISH_RETRY: RetryPolicy = {
  maxAttempts: 3,
  baseDelayMs: 100,
  maxDelayMs: 1_000,
  maxTotalMs: 10_000,
};

export interface PublishOptions {
  retry?: Partial<RetryPolicy>;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  now?: () => Date;
}

export interface PublishSummary {
  /** PutEvents calls made, retries included. */
  calls: number;
  published: number;
}

/** Our own detail-types are checked against their schema while being cut; others are cut as text only. */
function acceptsFor(entry: PutEventsRequestEntry): ((detail: unknown) => boolean) | undefined {
  if (entry.Source !== EVENT_SOURCE) return undefined;
  const schema = DETAIL_SCHEMAS[entry.DetailType as keyof typeof DETAIL_SCHEMAS];
  return schema ? (detail) => schema.safeParse(detail).success : undefined;
}

/**
 * Publishes entries in batches, retrying only the entries EventBridge reports as failed
 * (`FailedEntryCount`). Ids are deterministic, so a retried entry that did land is a duplicate
 * consumers drop. An entry too large for EventBridge is cut to fit with a marker, and sent.
 * Throws `PublishError` if any entry still fails, so Lambda's retry takes over.
 */
export async function publishEntries(
  client: EventBridgeLike,
  entries: readonly PutEventsRequestEntry[],
  options: PublishOptions = {},
): Promise<PublishSummary> {
  const policy: RetryPolicy = { ...PUBLISH_RETRY, ...options.retry };
  const sleep = options.sleep ?? ((ms: number) => delay(ms));
  const random = options.random ?? Math.random;
  const now = options.now ?? (() => new Date());
  const started = now().getTime();
  let calls = 0;
  let published = 0;
  const failed: { detailType: string | undefined; errorCode: string | undefined }[] = [];
  // An entry over the size limit is cut to fit (fitEntry). One that cannot be (only ids left)
  // is never sent; the others still are, then it is reported.
  let pending = entries.flatMap((e) => {
    const fitted = fitEntry(e, acceptsFor(e));
    if (fitted.fits) return [fitted.entry];
    failed.push({ detailType: e.DetailType, errorCode: "EntryTooLarge" });
    return [];
  });
  for (let attempt = 1; pending.length > 0; attempt++) {
    const refused: { entry: PutEventsRequestEntry; errorCode: string }[] = [];
    for (const batch of batchEntries(pending)) {
      calls++;
      const { PutEventsCommand } = await loadEventBridgeSdk();
      const res = await client.send(new PutEventsCommand({ Entries: batch }));
      batch.forEach((entry, i) => {
        const errorCode = res.Entries?.[i]?.ErrorCode;
        if (errorCode) refused.push({ entry, errorCode });
        else published++;
      });
    }
    const wait =
      refused.length > 0
        ? nextRetry(policy, attempt, now().getTime() - started, undefined, random)
        : null;
    if (wait === null) {
      for (const r of refused)
        failed.push({ detailType: r.entry.DetailType, errorCode: r.errorCode });
      break;
    }
    pending = refused.map((r) => r.entry);
    await sleep(wait);
  }
  if (failed.length > 0) throw new PublishError(failed, published);
  return { calls, published };
}
