import { EVENT_SOURCE } from "../../events/detailType.ts";
import type { Severity } from "../../events/severity.ts";
import type { ShepherdEvent } from "../../events/shepherdEvent.ts";
import { clusterKey } from "../../model/clusterIdentity.ts";

export const CLOUDEVENTS_CONTENT_TYPE = "application/cloudevents+json; charset=utf-8";

/**
 * A CloudEvents 1.0 event in structured JSON mode. `source` + `id` is unique (the event id is
 * deterministic, so a repeat is recognisable); `subject` is the cluster's `clusterKey`, so a
 * broker can filter on it; `severity` is an extension attribute.
 */
export interface CloudEventBody {
  specversion: "1.0";
  id: string;
  source: string;
  type: string;
  subject?: string;
  time: string;
  datacontenttype: "application/json";
  severity: Severity;
  data: ShepherdEvent;
}

/** `Upgrade Failed` -> `upgrade-shepherd.upgrade-failed`. */
export const cloudEventType = (detailType: string): string =>
  `${EVENT_SOURCE}.${detailType.toLowerCase().replace(/\s+/g, "-")}`;

export function renderCloudEvent(event: ShepherdEvent): CloudEventBody {
  const cluster = "cluster" in event.detail ? event.detail.cluster : null;
  return {
    specversion: "1.0",
    id: event.detail.id,
    source: EVENT_SOURCE,
    type: cloudEventType(event.detailType),
    ...(cluster ? { subject: clusterKey(cluster) } : {}),
    time: event.time,
    datacontenttype: "application/json",
    severity: event.detail.severity,
    data: event,
  };
}
