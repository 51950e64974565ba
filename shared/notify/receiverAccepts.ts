import { repeatBucket } from "../decide/repeatBucket.ts";
import { windowMs } from "../decide/windowMs.ts";
import { severityAtLeast } from "../events/severity.ts";
import type { ShepherdEvent } from "../events/shepherdEvent.ts";
import { pagerDutyAccepts } from "./channels/pagerduty.ts";
import type { Receiver, ReceiverFilter } from "./config.ts";
import { NON_TERMINAL_LIFECYCLE } from "./notifiableType.ts";

/**
 * A receiver's own filter, from the event alone. Every rule can only drop: a receiver asks for
 * less than its routes send, never more.
 *
 * The two rules that thin repetition, `noRepeats` and `pollFailed: once-per-bucket`, never drop
 * a critical event: critical means someone is told in the run it first happens, and a stateless
 * filter cannot tell that run from a later one. The critical repeats are Poll Failed for a
 * refused key (every run while it lasts) and an Upgrade Failed with no timestamp (legacy ACK,
 * once per bucket). Their detail (the window, the repeat bucket, the failed attempt, the
 * message) reads the same in the run where the condition began and in every later run of the
 * bucket: the poller keeps no memory, so nothing in the event says whether the previous run saw
 * it too. Any rule that drops a copy by those fields would also drop it when that copy is the
 * first, and hold the first announcement until the next bucket: that is how the demo's refused
 * key reached chat 29 minutes late. The price is that a chat receiver hears a refused key in
 * every run until it is fixed (PagerDuty and the signed webhooks deduplicate: one dedup key per
 * credential set, one event id per bucket). A warning (a cluster that cannot be read for a
 * while) is still thinned, and its first announcement can wait for the next bucket.
 */
export function filterAccepts(filter: ReceiverFilter, event: ShepherdEvent): boolean {
  const type = event.detailType;
  if (filter.minSeverity && !severityAtLeast(event.detail.severity, filter.minSeverity))
    return false;
  if (filter.eventTypes && !(filter.eventTypes as readonly string[]).includes(type)) return false;
  if (filter.lifecycle === "terminal" && NON_TERMINAL_LIFECYCLE.includes(type)) return false;
  if (event.detail.severity === "critical") return true;
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
 * The run that made this event was the first of its repeat bucket: decide's own rule
 * (`shared/decide/repeatBucket.ts`), applied to the event's window and its trigger's `repeatMs`.
 * True for an event that is not a repeat.
 */
export function firstRunOfBucket(event: ShepherdEvent): boolean {
  if (!("trigger" in event.detail) || event.detail.trigger.kind !== "repeat") return true;
  return repeatBucket(windowMs(event.detail.window), event.detail.trigger.repeatMs).first;
}

/** Whether the channel has anything to say about the event (PagerDuty only pages and resolves). */
export function channelAccepts(receiver: Receiver, event: ShepherdEvent): boolean {
  return receiver.type === "pagerduty" ? pagerDutyAccepts(event) : true;
}

export const receiverAccepts = (receiver: Receiver, event: ShepherdEvent): boolean =>
  filterAccepts(receiver.filter, event) && channelAccepts(receiver, event);
