import { severityAtLeast } from "../events/severity.ts";
import type { ShepherdEvent } from "../events/shepherdEvent.ts";
import { pagerDutyAccepts } from "./channels/pagerduty.ts";
import type { Receiver, ReceiverFilter } from "./config.ts";
import { NON_TERMINAL_LIFECYCLE } from "./notifiableType.ts";

/**
 * A receiver's own filter, from the event alone. Every rule can only drop: a receiver asks for
 * less than its routes send, never more.
 */
export function filterAccepts(filter: ReceiverFilter, event: ShepherdEvent): boolean {
  const type = event.detailType;
  if (filter.minSeverity && !severityAtLeast(event.detail.severity, filter.minSeverity))
    return false;
  if (filter.eventTypes && !(filter.eventTypes as readonly string[]).includes(type)) return false;
  if (filter.lifecycle === "terminal" && NON_TERMINAL_LIFECYCLE.includes(type)) return false;
  if ((filter.noRepeats as readonly string[]).includes(type) && isRepeat(event)) return false;
  if (
    filter.pollFailed === "once-per-bucket" &&
    type === "Poll Failed" &&
    !firstRunOfBucket(event)
  ) {
    return false;
  }
  return true;
}

const isRepeat = (event: ShepherdEvent): boolean =>
  "trigger" in event.detail && event.detail.trigger.kind === "repeat";

/**
 * The run that made this event was the first of its repeat bucket when the run before it
 * (`t - interval`, the interval being the window's length) fell in an earlier bucket. The same
 * test decide uses, recomputed from the event's own window and trigger.
 */
export function firstRunOfBucket(event: ShepherdEvent): boolean {
  if (!("trigger" in event.detail) || event.detail.trigger.kind !== "repeat") return true;
  const w = event.detail.window;
  const t = Date.parse(w.t);
  const interval = Date.parse(w.end) - Date.parse(w.start);
  return t - interval < Date.parse(event.detail.trigger.bucketStart);
}

/** Whether the channel has anything to say about the event (PagerDuty only pages and resolves). */
export function channelAccepts(receiver: Receiver, event: ShepherdEvent): boolean {
  return receiver.type === "pagerduty" ? pagerDutyAccepts(event) : true;
}

export const receiverAccepts = (receiver: Receiver, event: ShepherdEvent): boolean =>
  filterAccepts(receiver.filter, event) && channelAccepts(receiver, event);
