import { consoleUrl } from "../events/consoleUrl.ts";
import type { DetailType } from "../events/detailType.ts";
import { clusterEventId } from "../events/eventId.ts";
import type { Severity } from "../events/severity.ts";
import type { Window } from "../events/window.ts";
import type { ClusterRef } from "../model/cluster.ts";
import type { Upgrade } from "../model/snapshot.ts";

/** The fields every cluster-scoped event shares, with its deterministic id. */
export function clusterBase(args: {
  cluster: ClusterRef;
  upgrade: Upgrade | null;
  upgradeId: string;
  window: Window;
  detailType: DetailType;
  severity: Severity;
  key: readonly string[];
}) {
  return {
    id: clusterEventId(args.cluster, args.upgradeId, args.detailType, args.key),
    severity: args.severity,
    cluster: args.cluster,
    upgrade: args.upgrade,
    window: args.window,
    consoleUrl: consoleUrl(args.cluster),
  };
}
