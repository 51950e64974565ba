// EventBridge cannot run here: this records PutEvents calls in its place. It is the one fake in
// the tests that use it, and it answers as EventBridge does (an EventId per accepted entry).
import type { PutEventsCommand, PutEventsRequestEntry } from "@aws-sdk/client-eventbridge";
import type { EventBridgeLike } from "../../shared/events/publish.ts";

export interface RecordedEvent {
  detailType: string;
  detail: Record<string, unknown> & { id: string; severity: string };
  time: string;
}

export function recordingBus(): EventBridgeLike & {
  events: RecordedEvent[];
  calls: PutEventsRequestEntry[][];
} {
  const events: RecordedEvent[] = [];
  const calls: PutEventsRequestEntry[][] = [];
  return {
    events,
    calls,
    send: async (command: PutEventsCommand) => {
      const entries = command.input.Entries ?? [];
      calls.push(entries);
      for (const e of entries) {
        events.push({
          detailType: e.DetailType ?? "",
          detail: JSON.parse(e.Detail ?? "{}"),
          time: e.Time instanceof Date ? e.Time.toISOString() : String(e.Time),
        });
      }
      return {
        FailedEntryCount: 0,
        Entries: entries.map((_, i) => ({ EventId: `evt-${calls.length}-${i}` })),
      };
    },
  };
}

/** The bus event a rule would deliver for a recorded entry. */
export const asBusEvent = (e: RecordedEvent) => ({
  version: "0",
  id: "00000000-0000-0000-0000-000000000000",
  source: "upgrade-shepherd",
  account: "123456789012",
  region: "us-east-1",
  resources: [],
  "detail-type": e.detailType,
  time: e.time,
  detail: e.detail,
});

export const scheduledEvent = (t: Date) => ({
  version: "0",
  id: "11111111-1111-1111-1111-111111111111",
  "detail-type": "Scheduled Event",
  source: "aws.events",
  account: "123456789012",
  time: t.toISOString().replace(/\.\d{3}Z$/, "Z"),
  region: "us-east-1",
  resources: ["arn:aws:events:us-east-1:123456789012:rule/poll"],
  detail: {},
});
