import type { PutEventsRequestEntry } from "@aws-sdk/client-eventbridge";
import { EVENT_SOURCE } from "./detailType.ts";
import { fitEntry } from "./fitEntry.ts";
import { DETAIL_SCHEMAS, type ShepherdEvent, ShepherdEventSchema } from "./shepherdEvent.ts";

/**
 * The PutEvents entry for one event. It parses the event first, so a malformed detail fails
 * here, in the function that made it, rather than in a consumer's rule or renderer. An event
 * too large for EventBridge (a provider's huge message) is cut to fit, with markers saying so
 * (`fitEntry`), and still parses. Locally, `busName` must be the bus name, not its ARN
 * (serverless-offline's EventBridge plugin).
 */
export function toPutEventsEntry(event: ShepherdEvent, busName: string): PutEventsRequestEntry {
  const parsed = ShepherdEventSchema.parse(event);
  const schema = DETAIL_SCHEMAS[parsed.detailType];
  return fitEntry(
    {
      Source: EVENT_SOURCE,
      DetailType: parsed.detailType,
      Detail: JSON.stringify(parsed.detail),
      EventBusName: busName,
      Time: new Date(parsed.time),
    },
    (detail) => schema.safeParse(detail).success,
  ).entry;
}
