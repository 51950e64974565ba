import type { PutEventsRequestEntry } from "@aws-sdk/client-eventbridge";
import type { DetailType } from "./catalogue.ts";
import { DETAIL_SCHEMAS } from "./detailSchemas.ts";
import { EVENT_SOURCE } from "./detailType.ts";
import { fitEntry } from "./fitEntry.ts";
import { type ShepherdEvent, ShepherdEventSchema } from "./shepherdEvent.ts";

/**
 * The PutEvents entry for one event. It parses the event first, so a malformed detail fails
 * here, in the function that made it, rather than in a consumer's rule or renderer. Locally,
 * `busName` must be the bus name, not its ARN (serverless-offline's EventBridge plugin).
 */
export function toPutEventsEntry(event: ShepherdEvent, busName: string): PutEventsRequestEntry {
  const parsed = ShepherdEventSchema.parse(event);
  return busEntry(parsed.detailType, parsed.detail, busName, new Date(parsed.time));
}

/**
 * The PutEvents entry for any registry row's detail, parsed with that row's schema. `time`
 * defaults to EventBridge's own (the time of the PutEvents call).
 */
export function busEntry(
  detailType: DetailType,
  detail: unknown,
  busName: string,
  time?: Date,
): PutEventsRequestEntry {
  const schema = DETAIL_SCHEMAS[detailType];
  const parsed = schema.parse(detail);
  // An entry over EventBridge's size is cut to fit (a marker says so), never refused whole.
  return fitEntry(
    {
      Source: EVENT_SOURCE,
      DetailType: detailType,
      Detail: JSON.stringify(parsed),
      EventBusName: busName,
      ...(time ? { Time: time } : {}),
    },
    (d) => schema.safeParse(d).success,
  ).entry;
}
