import type { SignedClient } from "../client/client.ts";
import type { Credentials } from "../client/types.ts";
import type { ClusterRef } from "../model/cluster.ts";

/** Everything an adapter needs to reach one cluster. */
export interface ClusterTarget {
  cluster: ClusterRef;
  /** Scheme, host and optional port. */
  endpoint: string;
  credentials: Credentials;
  /** ACK: the exact `task_type` of the cluster upgrade; `cluster_upgrade` when absent. */
  ackUpgradeTaskType?: string | undefined;
}

export interface ReadContext {
  client: SignedClient;
  /** When the read happened: stamped on the snapshot. */
  now: () => Date;
}
