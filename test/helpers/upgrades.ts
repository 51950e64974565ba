import type { DecidePolicy } from "../../shared/decide/policy.ts";
import { type ShepherdEvent, ShepherdEventSchema } from "../../shared/events/shepherdEvent.ts";
import type { ClusterRef } from "../../shared/model/cluster.ts";
import type { Step, Upgrade, UpgradeSnapshot } from "../../shared/model/snapshot.ts";

export const SEC = 1_000;
export const MIN = 60 * SEC;
export const HOUR = 60 * MIN;

/** A fixed clock: 2025-03-01T10:00:00Z, on the 5-minute grid and on the hour. */
export const T0 = Date.parse("2025-03-01T10:00:00.000Z");

export const iso = (ms: number): string => new Date(ms).toISOString();

export const POLICY: DecidePolicy = {
  pollInterval: 5 * MIN,
  lag: 2 * MIN,
  stallAfter: 30 * MIN,
  repeat: HOUR,
  postcheckHorizon: 24 * HOUR,
  postcheck: true,
  onFailure: "cancel",
  onPause: "resume-in-window",
  dryRun: false,
};

export const CCE: ClusterRef = {
  provider: "cce",
  region: "cn-north-4",
  projectId: "0b1c2d3e4f",
  clusterId: "8978deaa-1743-11ee-8e46-0255ac10004c",
  name: "prod-a",
  labels: { team: "payments" },
};

export const AUTOPILOT: ClusterRef = {
  provider: "cce-autopilot",
  region: "ap-southeast-3",
  projectId: "5f6e7d",
  clusterId: "1e2f3a4b-0000-11ee-8e46-0255ac10004c",
  labels: {},
};

export const ACK: ClusterRef = {
  provider: "ack",
  region: "cn-hangzhou",
  clusterId: "c106f377e16f34eb1808d6b9362c9aaaa",
  name: "edge-b",
  labels: {},
};

export function steps(
  statuses: Partial<
    Record<"PreCheck" | "Snapshot" | "Cluster" | "PostCheck" | "Rollback", Partial<Step>>
  >,
): Step[] {
  return (["PreCheck", "Snapshot", "Cluster", "PostCheck", "Rollback"] as const).map((name) => ({
    name,
    status: null,
    startedAt: null,
    finishedAt: null,
    ...statuses[name],
  }));
}

/** A CCE upgrade task created at 09:00 and running, unless overridden. */
export function cceUpgrade(overrides: Partial<Upgrade> = {}): Upgrade {
  return {
    id: "f40cafed-7bf1-4c3b-b619-80113b4bbb18",
    phase: "running",
    rawPhase: "Running",
    progress: 40,
    fromVersion: "v1.28.5-r0",
    toVersion: "v1.29.1-r0",
    createdAt: iso(T0 - HOUR),
    finishedAt: null,
    updatedAt: iso(T0 - 10 * MIN),
    steps: steps({ PreCheck: { status: "Success" }, Cluster: { status: "Running" } }),
    message: null,
    source: "cce-task",
    workflowId: "wf-1",
    workflowPhase: "Running",
    ...overrides,
  };
}

export function ackUpgrade(overrides: Partial<Upgrade> = {}): Upgrade {
  return {
    id: "T-5faa48fb31b6b8078d000006",
    phase: "running",
    rawPhase: "running",
    progress: null,
    fromVersion: "1.30.1-aliyun.1",
    toVersion: "1.31.1-aliyun.1",
    createdAt: iso(T0 - HOUR),
    finishedAt: null,
    updatedAt: iso(T0 - 10 * MIN),
    steps: [],
    message: null,
    source: "ack-task",
    workflowId: null,
    workflowPhase: null,
    ...overrides,
  };
}

/** GetUpgradeStatus: no times, no task id. */
export function legacyUpgrade(overrides: Partial<Upgrade> = {}): Upgrade {
  return {
    id: `legacy:${ACK.clusterId}`,
    phase: "running",
    rawPhase: "running/upgrading",
    progress: null,
    fromVersion: null,
    toVersion: null,
    createdAt: null,
    finishedAt: null,
    updatedAt: null,
    steps: [],
    message: null,
    source: "ack-upgrade-status",
    workflowId: null,
    workflowPhase: null,
    ...overrides,
  };
}

export function snapshot(
  cluster: ClusterRef,
  upgrade: Upgrade | null,
  readAt = T0,
  /** The cluster's past upgrades as the cloud lists them (issue 18's ETA and stall judgement). */
  history?: Upgrade[],
): UpgradeSnapshot {
  return { cluster, readAt: iso(readAt), upgrade, ...(history ? { history } : {}) };
}

/** Every event decide makes must be publishable; parsing here makes every test check that too. */
export function parsed(events: ShepherdEvent[]): ShepherdEvent[] {
  for (const e of events) ShepherdEventSchema.parse(e);
  return events;
}

export const types = (events: ShepherdEvent[]): string[] => events.map((e) => e.detailType);

/**
 * A past CCE success `daysAgo` days before T0 whose Cluster step took `clusterMin` minutes
 * (PreCheck 4 and Snapshot 5 before it): the history the ETA and `stallAfter: auto` learn from.
 */
export function pastCceUpgrade(id: string, daysAgo: number, clusterMin: number): Upgrade {
  const start = T0 - daysAgo * 24 * HOUR;
  const at = (m: number) => iso(start + m * MIN);
  return cceUpgrade({
    id,
    phase: "succeeded",
    rawPhase: "Success",
    createdAt: at(0),
    finishedAt: at(9 + clusterMin),
    updatedAt: at(9 + clusterMin),
    steps: steps({
      PreCheck: { status: "Success", startedAt: at(0), finishedAt: at(4) },
      Snapshot: { status: "Success", startedAt: at(4), finishedAt: at(9) },
      Cluster: { status: "Success", startedAt: at(9), finishedAt: at(9 + clusterMin) },
    }),
  });
}
