import type { SignedClient } from "../client/client.ts";
import type { Credentials } from "../client/types.ts";
import type { ClusterRef } from "../model/cluster.ts";

/** Everything an adapter needs to reach one cluster. */
export interface ClusterTarget {
  cluster: ClusterRef;
  /** Scheme, host and optional port. */
  endpoint: string;
  credentials: Credentials;
}

/** What holds for every cluster an adapter reads, set once for a read rather than per target. */
export interface AdapterOptions {
  ack: {
    /**
     * The exact `task_type` of the cluster (control-plane) upgrade among the tasks
     * DescribeClusterTasks lists: config `poll.ackUpgradeTaskType` (default `cluster_upgrade`),
     * so the poll and the actions' re-read find the same task.
     */
    upgradeTaskType: string;
  };
}

/** The adapters' options from the poll settings, the one place they are set. */
export const adapterOptions = (poll: { ackUpgradeTaskType: string }): AdapterOptions => ({
  ack: { upgradeTaskType: poll.ackUpgradeTaskType },
});

export interface ReadContext {
  client: SignedClient;
  /** When the read happened: stamped on the snapshot. */
  now: () => Date;
  adapters: AdapterOptions;
}
