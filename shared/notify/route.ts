import type { ShepherdEvent } from "../events/shepherdEvent.ts";
import { incidentEffects, openerOf } from "./channels/pagerduty.ts";
import type { NotifyConfig, Receiver } from "./config.ts";
import {
  type DeliveryRequested,
  deliveryId,
  MAX_EVENTS_PER_DELIVERY,
} from "./deliveryRequested.ts";
import { filterAccepts, receiverAccepts } from "./receiverAccepts.ts";
import { aggregates, DEFAULT_AGGREGATE_MAX_EVENTS } from "./receiverType.ts";
import { routeMatches } from "./routeMatches.ts";

/**
 * A delivery's events stay well under EventBridge's 256 KB entry limit (a Poll Failed for a
 * shared key can list hundreds of clusters).
 */
export const MAX_DELIVERY_BYTES = 192 * 1024;

/**
 * The receivers one event goes to: every route that matches adds its receivers (each once, in
 * the order first named), then each receiver's own filter and channel may drop it; a resolve also
 * goes where its incident's opener went (`resolvingReceivers`). A press in
 * chat (Action Requested, and its outcome) also goes back to the receiver it was pressed from,
 * whatever the routes and filters say: the person who pressed is waiting for the answer there.
 */
export function receiversFor(event: ShepherdEvent, config: NotifyConfig): Receiver[] {
  const names: string[] = [];
  for (const r of config.routes) {
    if (!routeMatches(r, event)) continue;
    for (const name of r.receivers) if (!names.includes(name)) names.push(name);
  }
  const routed = names
    .map((name) => config.receivers.find((r) => r.name === name))
    .filter((r): r is Receiver => r !== undefined && receiverAccepts(r, event));
  for (const r of resolvingReceivers(event, config)) if (!routed.includes(r)) routed.push(r);
  const from = pressedFrom(event);
  const presser = from && config.receivers.find((r) => r.name === from);
  return presser && !routed.includes(presser) ? [...routed, presser] : routed;
}

/**
 * The PagerDuty receivers an event's resolves go to: those that the event opening each incident
 * kind would have reached (its routes and the receiver's filter judged at the opener's type and
 * severity, with this event's clusters). So a route that pages only critical events still sends
 * the Upgrade Succeeded or Credentials Accepted that closes the page, and no chat receiver
 * hears a success through it.
 */
function resolvingReceivers(event: ShepherdEvent, config: NotifyConfig): Receiver[] {
  const out: Receiver[] = [];
  for (const kind of incidentEffects(event).resolve) {
    const opener = openerOf(kind);
    const asOpener = {
      ...event,
      detailType: opener.detailType,
      detail: { ...event.detail, severity: opener.severity },
    } as ShepherdEvent;
    for (const r of config.routes) {
      if (!routeMatches(r, event, opener)) continue;
      for (const name of r.receivers) {
        const receiver = config.receivers.find((x) => x.name === name);
        if (receiver?.type !== "pagerduty" || out.includes(receiver)) continue;
        if (filterAccepts(receiver.filter, asOpener)) out.push(receiver);
      }
    }
  }
  return out;
}

function pressedFrom(event: ShepherdEvent): string | undefined {
  const by = (event.detail as { requestedBy?: { receiver: string } }).requestedBy;
  return by?.receiver;
}

/**
 * Pure: the deliveries for a batch of events (one, when EventBridge invokes notify directly;
 * several, when notify reads a queue in batches). One delivery per (event, receiver), so each
 * is retried on its own. DingTalk and WeCom receivers get the batch's events for them in as few
 * messages as their `aggregate` allows, to stay under the robots' 20 messages a minute. An event
 * given twice (same id) is routed once.
 */
export function route(
  events: ShepherdEvent | readonly ShepherdEvent[],
  config: NotifyConfig,
): DeliveryRequested[] {
  const list = Array.isArray(events) ? events : [events as ShepherdEvent];
  const seen = new Set<string>();
  const perReceiver = new Map<string, { receiver: Receiver; events: ShepherdEvent[] }>();
  const out: DeliveryRequested[] = [];
  for (const event of list) {
    if (seen.has(event.detail.id)) continue;
    seen.add(event.detail.id);
    for (const receiver of receiversFor(event, config)) {
      if (aggregateSize(receiver) > 1) {
        const group = perReceiver.get(receiver.name) ?? { receiver, events: [] };
        group.events.push(event);
        perReceiver.set(receiver.name, group);
      } else {
        out.push(delivery(receiver, [event]));
      }
    }
  }
  for (const { receiver, events: group } of perReceiver.values()) {
    for (const chunk of chunks(group, aggregateSize(receiver))) out.push(delivery(receiver, chunk));
  }
  return out;
}

function aggregateSize(receiver: Receiver): number {
  if (!aggregates(receiver.type)) return 1;
  return Math.min(receiver.aggregate ?? DEFAULT_AGGREGATE_MAX_EVENTS, MAX_EVENTS_PER_DELIVERY);
}

function delivery(receiver: Receiver, events: ShepherdEvent[]): DeliveryRequested {
  const eventIds = events.map((e) => e.detail.id);
  return {
    id: deliveryId(receiver.name, eventIds),
    severity: "debug",
    receiver: receiver.name,
    channel: receiver.type,
    eventIds,
    events,
  };
}

/** In order, at most `max` events and `MAX_DELIVERY_BYTES` of JSON per chunk. */
function chunks(events: readonly ShepherdEvent[], max: number): ShepherdEvent[][] {
  const out: ShepherdEvent[][] = [];
  let current: ShepherdEvent[] = [];
  let bytes = 0;
  for (const e of events) {
    const size = Buffer.byteLength(JSON.stringify(e), "utf8");
    if (current.length > 0 && (current.length >= max || bytes + size > MAX_DELIVERY_BYTES)) {
      out.push(current);
      current = [];
      bytes = 0;
    }
    current.push(e);
    bytes += size;
  }
  if (current.length > 0) out.push(current);
  return out;
}
