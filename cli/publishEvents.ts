import type { EventBridgeClient } from "@aws-sdk/client-eventbridge";
import { loadEventBridgeSdk } from "../shared/events/lazyEventBridge.ts";
import { type PublishSummary, publishEntries } from "../shared/events/publish.ts";
import type { ShepherdEvent } from "../shared/events/shepherdEvent.ts";
import { toPutEventsEntry } from "../shared/events/toPutEventsEntry.ts";
import { PublishFailedError, UsageError } from "./errors.ts";

const firstLine = (error: unknown): string =>
  error instanceof Error
    ? `${error.name}: ${error.message.split("\n")[0]}`
    : (String(error).split("\n")[0] ?? "");

/**
 * An EventBridge client whose region and credentials the AWS SDK can find, checked before any
 * cluster is read. Without them, PutEvents fails deep in the SDK (`Region is missing`); this
 * says what to set instead. The SDK reads its own settings (AWS_REGION, AWS_PROFILE, ...).
 */
export async function eventBridgeForPublish(): Promise<EventBridgeClient> {
  const { EventBridgeClient } = await loadEventBridgeSdk();
  const client = new EventBridgeClient({});
  try {
    await client.config.region();
  } catch {
    throw new UsageError(
      "--publish needs an AWS region: set AWS_REGION (e.g. AWS_REGION=ap-southeast-1), or AWS_PROFILE naming a profile with a region in ~/.aws/config",
    );
  }
  try {
    await client.config.credentials();
  } catch (error) {
    throw new UsageError(
      `--publish needs AWS credentials allowed to call events:PutEvents on the bus: set AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (the SDK said: ${firstLine(error)})`,
    );
  }
  return client;
}

/** Publishes a run's events to `bus`; any failure is one `PublishFailedError` line. */
export async function publishEvents(
  client: EventBridgeClient,
  events: readonly ShepherdEvent[],
  bus: string,
): Promise<PublishSummary> {
  try {
    return await publishEntries(
      client,
      events.map((e) => toPutEventsEntry(e, bus)),
    );
  } catch (error) {
    throw new PublishFailedError(`publish to bus ${bus} failed: ${firstLine(error)}`, {
      cause: error,
    });
  }
}
