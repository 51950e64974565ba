import type { PutEventsRequestEntry } from "@aws-sdk/client-eventbridge";
import { EVENT_SOURCE } from "./detailType.ts";
import { type ShepherdEvent, ShepherdEventSchema } from "./shepherdEvent.ts";

/**
 * The PutEvents entry for one event. It parses the event first, so a malformed detail fails
 * here, in the function that made it, rather than in a consumer's rule or renderer. Locally,
 * `busName` must be the bus name, not its ARN (serverless-offline's EventBridge plugin).
 */
export function toPutEventsEntry(event: ShepherdEvent, busName: string): PutEventsRequestEntry {
  const parsed = ShepherdEventSchema.parse(event);
  return {
    Source: EVENT_SOURCE,
    DetailType: parsed.detailType,
    Detail: JSON.stringify(parsed.detail),
    EventBusName: busName,
    Time: new Date(parsed.time),
  };
}
