import type { Severity } from "../../events/severity.ts";
import type { ShepherdEvent } from "../../events/shepherdEvent.ts";
import type { ClusterRef } from "../../model/cluster.ts";
import { alertView } from "../alertView.ts";
import { truncateUnits } from "../format.ts";

/** Bumped only for a breaking change of the body; receivers can branch on it. */
export const WEBHOOK_BODY_VERSION = "1";

/**
 * This project's own caps, in UTF-16 units, on the two texts the body adds to the event. JSON
 * needs no escaping beyond `JSON.stringify`, and nothing is escaped for a markup the receiver
 * may not use: `title`, `summary` and `event` are raw, and a receiver that shows them escapes
 * them for its own page. `event` is the event as published on the bus, so it is already within
 * EventBridge's 256 KB entry limit.
 */
export const WEBHOOK_LIMITS = { titleChars: 256, summaryChars: 1024 } as const;

/**
 * The generic webhook's body (documented in shared/notify/README.md). `event` is the event as
 * published on the bus, so a receiver can do anything the product can; the other fields save it
 * from re-deriving a title.
 */
export interface WebhookBody {
  version: typeof WEBHOOK_BODY_VERSION;
  /** The event id, also sent as `X-Shepherd-Id`: deduplicate by it. */
  id: string;
  type: string;
  time: string;
  severity: Severity;
  title: string;
  summary: string;
  cluster: ClusterRef | null;
  consoleUrl: string | null;
  event: ShepherdEvent;
}

export function renderWebhook(event: ShepherdEvent): WebhookBody {
  const view = alertView(event);
  return {
    version: WEBHOOK_BODY_VERSION,
    id: view.eventId,
    type: event.detailType,
    time: event.time,
    severity: view.severity,
    title: truncateUnits(view.headline, WEBHOOK_LIMITS.titleChars),
    summary: truncateUnits(view.summary, WEBHOOK_LIMITS.summaryChars),
    cluster: view.cluster,
    consoleUrl: view.consoleUrl,
    event,
  };
}
