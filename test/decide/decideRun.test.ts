import { describe, expect, it } from "vitest";
import { decideRun } from "../../shared/decide/decideRun.ts";
import { countCancelDue } from "../../shared/decide/dueRules.ts";
import type { PollFailure } from "../../shared/decide/pollFailure.ts";
import { windowFor } from "../../shared/decide/windowFor.ts";
import type { EventOf, ShepherdEvent } from "../../shared/events/shepherdEvent.ts";
import type { ClusterRef } from "../../shared/model/cluster.ts";
import {
  ACK,
  AUTOPILOT,
  ackUpgrade,
  CCE,
  cceUpgrade,
  HOUR,
  iso,
  MIN,
  POLICY,
  parsed,
  snapshot,
  steps,
  T0,
  types,
} from "./fixtures.ts";

const W0 = windowFor(new Date(T0), 5 * MIN, 2 * MIN);
const W1 = windowFor(new Date(T0 + 5 * MIN), 5 * MIN, 2 * MIN);
const policyFor = () => POLICY;

const cceFailed = (cluster: ClusterRef) =>
  snapshot(
    cluster,
    cceUpgrade({
      phase: "failed",
      finishedAt: iso(T0 - HOUR),
      workflowPhase: "Pending",
      steps: steps({ Cluster: { status: "Failed" } }),
    }),
  );
// A second cluster due for cancel. (A failed ACK upgrade never is: it is over, see cancellable.)
const otherFailed = cceFailed(AUTOPILOT);
const ackFailed = snapshot(ACK, ackUpgrade({ phase: "failed", finishedAt: iso(T0 - HOUR) }));
const running = snapshot(AUTOPILOT, cceUpgrade());

const of = <D extends ShepherdEvent["detailType"]>(events: ShepherdEvent[], type: D) =>
  events.filter((e): e is EventOf<D> => e.detailType === type);

const failure = (cluster: ClusterRef, extra: Partial<PollFailure> = {}): PollFailure => ({
  cluster,
  kind: "throttle",
  code: "APIG.0308",
  message: "throttled",
  attempt: 3,
  ...extra,
});

describe("decideRun", () => {
  it("stamps the run's count of clusters due for cancel into every Cancel Due", () => {
    const fleet = [cceFailed(CCE), otherFailed, ackFailed, running];
    const events = parsed(decideRun(fleet, [], W0, policyFor));
    const due = of(events, "Cancel Due");
    expect(due.map((e) => e.detail.cluster.clusterId)).toEqual([
      CCE.clusterId,
      AUTOPILOT.clusterId,
    ]);
    for (const e of due) expect(e.detail.clustersDueForCancel).toBe(2);
    expect(countCancelDue(fleet, W0)).toBe(2);
  });

  it("counts clusters due whatever their cancel policy, and carries each one's policy", () => {
    const alertOnly = (c: ClusterRef) =>
      ({ ...POLICY, cancel: c.provider === "cce-autopilot" ? "alert-only" : "cancel" }) as const;
    const due = of(decideRun([cceFailed(CCE), otherFailed], [], W0, alertOnly), "Cancel Due");
    expect(due.map((e) => [e.detail.clustersDueForCancel, e.detail.policy.cancel])).toEqual([
      [2, "cancel"],
      [2, "alert-only"],
    ]);
  });

  it("adds the count carried from earlier attempts of the run, and the shard", () => {
    const shard = { index: 1, count: 4 };
    const [e] = of(
      decideRun([otherFailed], [], W0, policyFor, { clustersDueForCancelBefore: 5, shard }),
      "Cancel Due",
    );
    expect(e?.detail.clustersDueForCancel).toBe(6);
    expect(e?.detail.shard).toEqual(shard);
  });

  it("sends an event once when the same cluster is passed twice", () => {
    const events = parsed(decideRun([otherFailed, otherFailed], [], W0, policyFor));
    expect(types(events)).toEqual(["Cancel Due"]);
  });

  it("reports a read failure as Poll Failed, warning, with the failure and the run's window", () => {
    const [e] = of(parsed(decideRun([], [failure(CCE)], W0, policyFor)), "Poll Failed");
    expect(e?.detail.severity).toBe("warning");
    expect(e?.detail.upgrade).toBeNull();
    expect(e?.detail.window).toEqual(W0);
    expect(e?.detail.failure).toEqual({
      kind: "throttle",
      code: "APIG.0308",
      message: "throttled",
      attempt: 3,
      requestId: null,
      credentialSet: null,
    });
    expect(e?.detail.affectedClusters).toEqual([CCE]);
    expect(e?.detail.trigger).toEqual({ kind: "repeat", bucketStart: iso(T0), repeatMs: HOUR });
  });

  it("makes an authentication failure critical", () => {
    const [e] = of(
      decideRun([], [failure(CCE, { kind: "auth", code: "APIG.0301" })], W0, policyFor),
      "Poll Failed",
    );
    expect(e?.detail.severity).toBe("critical");
  });

  it("raises one alarm for one broken credential set, whatever the order the clusters failed in", () => {
    const other = { ...CCE, clusterId: "0000-first-by-id" };
    const auth = { kind: "auth", code: "APIG.0301", credentialSet: "huawei-prod" } as const;
    const a = of(
      decideRun([], [failure(CCE, auth), failure(other, auth)], W0, policyFor),
      "Poll Failed",
    );
    const b = of(
      decideRun([], [failure(other, auth), failure(CCE, auth)], W0, policyFor),
      "Poll Failed",
    );
    expect(a).toHaveLength(1);
    expect(b).toEqual(a);
    expect(a[0]?.detail.cluster).toEqual(other);
    expect(a[0]?.detail.affectedClusters.map((c) => c.clusterId)).toEqual([
      other.clusterId,
      CCE.clusterId,
    ]);
    expect(a[0]?.detail.failure.credentialSet).toBe("huawei-prod");
  });

  it("keeps auth failures of different credential sets, or of none, apart", () => {
    const events = decideRun(
      [],
      [
        failure(CCE, { kind: "auth", credentialSet: "a" }),
        failure(AUTOPILOT, { kind: "auth", credentialSet: "b" }),
        failure(ACK, { kind: "auth" }),
      ],
      W0,
      policyFor,
    );
    expect(of(events, "Poll Failed")).toHaveLength(3);
  });

  it("keeps one Poll Failed id for the whole repeat bucket and a new one in the next", () => {
    const id = (T: number) =>
      of(
        decideRun([], [failure(CCE)], windowFor(new Date(T), 5 * MIN, 2 * MIN), policyFor),
        "Poll Failed",
      )[0]?.detail.id;
    expect(id(T0 + 5 * MIN)).toBe(id(T0));
    expect(id(T0 + 55 * MIN)).toBe(id(T0));
    expect(id(T0 + HOUR)).not.toBe(id(T0));
  });

  it("emits Poll Failed in every failing run, not only the first of the bucket", () => {
    expect(of(decideRun([], [failure(CCE)], W1, policyFor), "Poll Failed")).toHaveLength(1);
  });

  it("judges read clusters and failed clusters in the same run", () => {
    const events = parsed(decideRun([otherFailed], [failure(CCE)], W0, policyFor));
    expect(types(events)).toEqual(["Cancel Due", "Poll Failed"]);
  });
});
