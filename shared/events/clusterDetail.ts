import * as z from "zod";
import { ClusterRefSchema } from "../model/cluster.ts";
import { UpgradeSchema } from "../model/snapshot.ts";
import type { DetailType } from "./detailType.ts";
import { EventIdSchema } from "./eventId.ts";
import { severityField } from "./severityField.ts";
import { WindowSchema } from "./window.ts";

/**
 * The fields every cluster-scoped event carries, so a receiver can render, route and deduplicate
 * any of them without knowing its detail-type: the id, the severity, the cluster, the upgrade as
 * read (null when there is none, or the read failed), the run's window and a console link, and
 * what was cut when the event was too large to publish whole.
 */
export function clusterDetailShape(detailType: DetailType) {
  return {
    id: EventIdSchema,
    severity: severityField(detailType),
    cluster: ClusterRefSchema,
    upgrade: UpgradeSchema.nullable(),
    window: WindowSchema,
    consoleUrl: z.url(),
    /**
     * Present only when the publisher had to cut the event to fit EventBridge's 256 KB entry
     * limit: what was left out (`fitEntry`). Each cut string also ends in a `… [cut: ...]` marker.
     */
    truncated: z.string().optional(),
  };
}
