import { type DetailType, notifiedByDefault } from "../events/catalogue.ts";
import { type Severity, severityAtLeast } from "../events/severity.ts";
import type { ShepherdEvent } from "../events/shepherdEvent.ts";
import type { ClusterRef } from "../model/cluster.ts";
import type { Route } from "./config.ts";
import { globMatch } from "./glob.ts";

/**
 * The clusters an event is about: its cluster, or for Poll Failed every cluster the failure left
 * unread, so a team's route sees a shared key's failure even when another team's cluster is
 * named first (and Credentials Accepted, which answers it, every cluster the key read). Run-wide
 * events (Auto Actions Suspended) have none.
 */
export function eventClusters(event: ShepherdEvent): ClusterRef[] {
  if (event.detailType === "Poll Failed") return event.detail.affectedClusters;
  if (event.detailType === "Credentials Accepted") return event.detail.clusters;
  return "cluster" in event.detail ? [event.detail.cluster] : [];
}

/**
 * Types: the route's list, else the catalogue's notified defaults. Severity: at least the
 * route's minimum. Providers and labels: some cluster of the event matches all of them; an event
 * with no cluster matches only a route that sets neither. `as` judges the event's type and
 * severity as another's (a resolve, as the event that opened its incident); clusters stay its own.
 */
export function routeMatches(
  route: Route,
  event: ShepherdEvent,
  as: { detailType: DetailType; severity: Severity } = {
    detailType: event.detailType,
    severity: event.detail.severity,
  },
): boolean {
  const typeOk = route.eventTypes
    ? (route.eventTypes as readonly string[]).includes(as.detailType)
    : notifiedByDefault(as.detailType, as.severity);
  if (!typeOk) return false;
  if (route.minSeverity && !severityAtLeast(as.severity, route.minSeverity)) return false;
  if (!route.providers && !route.labels) return true;
  return eventClusters(event).some((c) => clusterMatches(route, c));
}

function clusterMatches(route: Route, cluster: ClusterRef): boolean {
  if (route.providers && !route.providers.includes(cluster.provider)) return false;
  for (const [key, pattern] of Object.entries(route.labels ?? {})) {
    const value = cluster.labels[key];
    if (value === undefined || !globMatch(pattern, value)) return false;
  }
  return true;
}
