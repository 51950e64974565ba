// EventBridge cannot run here: this records PutEvents calls in its place. It is the one fake in
// the tests that use it, and it answers as EventBridge does (an EventId per accepted entry).
import type { PutEventsCommand, PutEventsRequestEntry } from "@aws-sdk/client-eventbridge";
import { busEvent } from "../../infra/local/busEvents.ts";
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
export const asBusEvent = (e: RecordedEvent) => busEvent(e);

export { scheduledEvent } from "../../infra/local/busEvents.ts";
