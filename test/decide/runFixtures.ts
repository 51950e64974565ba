import type { PlannedCluster, RunPlan } from "../../shared/decide/judgeRun.ts";
import { windowFor } from "../../shared/decide/windowFor.ts";
import type { EventOf, ShepherdEvent } from "../../shared/events/shepherdEvent.ts";
import type { ClusterRef } from "../../shared/model/cluster.ts";
import type { Failure, FailureKind } from "../../shared/model/failure.ts";
import {
  ACK,
  ackUpgrade,
  CCE,
  cceUpgrade,
  HOUR,
  iso,
  MIN,
  POLICY,
  snapshot,
  steps,
  T0,
} from "./fixtures.ts";

/** The run at T0 on the 5-minute grid with a 2-minute lag. */
export const W0 = windowFor(new Date(T0), 5 * MIN, 2 * MIN);

/** A cluster of the fleet, numbered: CCE for even, ACK for odd numbers. */
export const fleetCluster = (n: number): ClusterRef => {
  const base = n % 2 === 0 ? CCE : ACK;
  return { ...base, clusterId: `${base.clusterId}-${String(n).padStart(3, "0")}`, name: `c${n}` };
};

export const planned = (
  cluster: ClusterRef,
  credentialSet = "key-a",
  window = W0,
): PlannedCluster => ({ cluster, credentialSet, window, policy: POLICY });

export const plan = (clusters: PlannedCluster[], extra: Partial<RunPlan> = {}): RunPlan => ({
  clusters,
  window: W0,
  attempt: 1,
  retriesLeft: 2,
  shard: null,
  carriedDue: 0,
  ...extra,
});

/** A read that failed, as readFleet reports it. */
export const failure = (
  cluster: ClusterRef,
  kind: FailureKind,
  extra: Partial<Failure> = {},
): Failure => ({
  cluster,
  credentialSet: "key-a",
  kind,
  operation: cluster.provider === "ack" ? "DescribeClusterTasks" : "ListUpgradeClusterTasks",
  status: null,
  code: null,
  message: `${kind} failure`,
  requestId: null,
  rawBody: null,
  attempts: 1,
  ...extra,
});

/**
 * A failed upgrade. On CCE and Autopilot its cancel preconditions hold, so it is due for cancel
 * in every run; a failed ACK task is over and never due (a cancel stops only a running task).
 */
export const failedUpgrade = (cluster: ClusterRef) =>
  snapshot(
    cluster,
    cluster.provider === "ack"
      ? ackUpgrade({ phase: "failed", finishedAt: iso(T0 - HOUR) })
      : cceUpgrade({
          phase: "failed",
          finishedAt: iso(T0 - HOUR),
          workflowPhase: "Pending",
          steps: steps({ Cluster: { status: "Failed" } }),
        }),
  );

/** An upgrade that started inside W0: one Upgrade Started. */
export const startedUpgrade = (cluster: ClusterRef) =>
  snapshot(
    cluster,
    (cluster.provider === "ack" ? ackUpgrade : cceUpgrade)({
      createdAt: iso(T0 - 4 * MIN),
      updatedAt: iso(T0 - 4 * MIN),
    }),
  );

/** No upgrade: nothing to say. */
export const idle = (cluster: ClusterRef) => snapshot(cluster, null);

export const of = <D extends ShepherdEvent["detailType"]>(events: ShepherdEvent[], type: D) =>
  events.filter((e): e is EventOf<D> => e.detailType === type);
