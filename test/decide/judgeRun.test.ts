import { describe, expect, it } from "vitest";
import { judgeRun } from "../../shared/decide/judgeRun.ts";
import { windowFor } from "../../shared/decide/windowFor.ts";
import { FAILURE_RULES, type FailureKind } from "../../shared/model/failure.ts";
import {
  ACK,
  AUTOPILOT,
  CCE,
  cceUpgrade,
  HOUR,
  iso,
  MIN,
  parsed,
  snapshot,
  T0,
  types,
} from "./fixtures.ts";
import {
  failedUpgrade,
  failure,
  fleetCluster,
  idle,
  of,
  plan,
  planned,
  startedUpgrade,
  W0,
} from "./runFixtures.ts";

// The run-level rules of one invocation, as a table: a plan and its reads in, every event out.

describe("judgeRun: the blast-radius count", () => {
  it("stamps one count, the run's, on every Cancel Due, and none on the others", () => {
    const idleCce = { ...CCE, clusterId: "idle-cce" };
    const clusters = [CCE, AUTOPILOT, ACK, idleCce];
    const events = parsed(
      judgeRun(plan(clusters.map((c) => planned(c))), {
        snapshots: [
          failedUpgrade(CCE),
          failedUpgrade(AUTOPILOT),
          // A failed ACK upgrade is over (CancelTask stops only a running task): never due.
          failedUpgrade(ACK),
          snapshot(idleCce, cceUpgrade()),
        ],
        failures: [],
      }),
    );
    const due = of(events, "Cancel Due");
    expect(due.map((e) => e.detail.cluster.clusterId)).toEqual([
      CCE.clusterId,
      AUTOPILOT.clusterId,
    ]);
    expect(due.map((e) => e.detail.clustersDueForCancel)).toEqual([2, 2]);
  });

  it("adds the count carried from earlier attempts, and stamps the shard", () => {
    const shard = { index: 1, count: 4 };
    const [e] = of(
      judgeRun(plan([planned(AUTOPILOT)], { carriedDue: 5, shard, attempt: 2 }), {
        snapshots: [failedUpgrade(AUTOPILOT)],
        failures: [],
      }),
      "Cancel Due",
    );
    expect(e?.detail).toMatchObject({ clustersDueForCancel: 6, shard });
  });

  it("counts clusters judged in different windows in one count", () => {
    const lagged = planned(AUTOPILOT, "key-a", windowFor(new Date(T0), 5 * MIN, 1 * MIN));
    const events = judgeRun(plan([planned(CCE), lagged]), {
      snapshots: [failedUpgrade(CCE), failedUpgrade(AUTOPILOT)],
      failures: [],
    });
    const due = of(events, "Cancel Due");
    expect(due.map((e) => [e.detail.window, e.detail.clustersDueForCancel])).toEqual([
      [W0, 2],
      [lagged.window, 2],
    ]);
  });

  it("carries the count into the retry request, so the re-read counts the whole run", () => {
    const events = judgeRun(plan([planned(CCE), planned(ACK)], { carriedDue: 1 }), {
      snapshots: [failedUpgrade(CCE)],
      failures: [failure(ACK, "server", { status: 503 })],
    });
    expect(of(events, "Cancel Due")[0]?.detail.clustersDueForCancel).toBe(2);
    expect(of(events, "Poll Retry Requested")[0]?.detail.clustersDueForCancel).toBe(2);
  });
});

describe("judgeRun: failed reads", () => {
  const kinds = Object.keys(FAILURE_RULES) as FailureKind[];

  it.each(kinds)(
    "with retries left, re-reads a %s failure exactly when the table says so",
    (kind) => {
      const events = parsed(
        judgeRun(plan([planned(CCE)]), { snapshots: [], failures: [failure(CCE, kind)] }),
      );
      const expected = FAILURE_RULES[kind].reread ? "Poll Retry Requested" : "Poll Failed";
      expect(types(events)).toEqual([expected]);
    },
  );

  it("re-reads throttle, server, network, timeout, deadline, parse and credentials; never auth, permission, client, internal", () => {
    const reread = kinds.filter((k) => FAILURE_RULES[k].reread).sort();
    expect(reread).toEqual(
      ["credentials", "deadline", "network", "parse", "server", "throttle", "timeout"].sort(),
    );
  });

  it("asks once for every cluster to re-read, as the next attempt, for the run's window", () => {
    const events = parsed(
      judgeRun(plan([planned(CCE), planned(ACK), planned(AUTOPILOT)], { attempt: 2 }), {
        snapshots: [idle(AUTOPILOT)],
        failures: [failure(CCE, "timeout"), failure(ACK, "deadline")],
      }),
    );
    const [retry, ...more] = of(events, "Poll Retry Requested");
    expect(more).toEqual([]);
    expect(retry?.detail).toMatchObject({
      attempt: 3,
      window: W0,
      clusters: [CCE, ACK],
      failures: [
        { clusterId: CCE.clusterId, kind: "timeout", code: null },
        { clusterId: ACK.clusterId, kind: "deadline", code: null },
      ],
    });
  });

  it("reports Poll Failed, warning, with the attempt, once no retry is left", () => {
    const [e] = of(
      parsed(
        judgeRun(plan([planned(CCE)], { attempt: 3, retriesLeft: 0 }), {
          snapshots: [],
          failures: [failure(CCE, "throttle", { code: "APIG.0308", message: "throttled" })],
        }),
      ),
      "Poll Failed",
    );
    expect(e?.detail.severity).toBe("warning");
    expect(e?.detail.window).toEqual(W0);
    expect(e?.detail.failure).toEqual({
      kind: "throttle",
      code: "APIG.0308",
      message: "throttled",
      attempt: 3,
      requestId: null,
      credentialSet: "key-a",
    });
    expect(e?.detail.trigger).toEqual({ kind: "repeat", bucketStart: iso(T0), repeatMs: HOUR });
  });

  it("reports a cluster cut by the deadline as deadline after the last attempt", () => {
    const [e] = of(
      judgeRun(plan([planned(CCE)], { attempt: 3, retriesLeft: 0 }), {
        snapshots: [],
        failures: [failure(CCE, "deadline")],
      }),
      "Poll Failed",
    );
    expect(e?.detail.failure.kind).toBe("deadline");
  });

  it("raises one critical alarm for one refused key, whatever the order the clusters failed in", () => {
    const clusters = [fleetCluster(2), fleetCluster(0), fleetCluster(4)];
    const auth = { code: "APIG.0301", credentialSet: "huawei-prod" } as const;
    const run = (order: typeof clusters) =>
      of(
        judgeRun(plan(clusters.map((c) => planned(c, "huawei-prod"))), {
          snapshots: [],
          failures: order.map((c) => failure(c, "auth", auth)),
        }),
        "Poll Failed",
      );
    const a = run(clusters);
    expect(a).toHaveLength(1);
    expect(run([...clusters].reverse())).toEqual(a);
    expect(a[0]?.detail.severity).toBe("critical");
    expect(a[0]?.detail.cluster).toEqual(fleetCluster(0));
    expect(a[0]?.detail.affectedClusters).toEqual([
      fleetCluster(0),
      fleetCluster(2),
      fleetCluster(4),
    ]);
  });

  it("raises one critical alarm for a credential set that stays unloaded after its retries", () => {
    const events = judgeRun(
      plan([planned(CCE, "lost"), planned(AUTOPILOT, "lost")], { attempt: 3, retriesLeft: 0 }),
      {
        snapshots: [],
        failures: [
          failure(CCE, "credentials", { credentialSet: "lost", operation: null }),
          failure(AUTOPILOT, "credentials", { credentialSet: "lost", operation: null }),
        ],
      },
    );
    const [e, ...more] = of(events, "Poll Failed");
    expect(more).toEqual([]);
    expect(e?.detail.severity).toBe("critical");
    expect(e?.detail.affectedClusters).toHaveLength(2);
  });

  it("keeps a missing permission per cluster, and a warning: the key itself works", () => {
    const events = judgeRun(plan([planned(CCE), planned(AUTOPILOT)]), {
      snapshots: [],
      failures: [failure(CCE, "permission"), failure(AUTOPILOT, "permission")],
    });
    const failed = of(events, "Poll Failed");
    expect(failed.map((e) => [e.detail.severity, e.detail.affectedClusters.length])).toEqual([
      ["warning", 1],
      ["warning", 1],
    ]);
  });

  it("keeps refused keys of different credential sets apart", () => {
    const events = judgeRun(plan([planned(CCE, "a"), planned(AUTOPILOT, "b")]), {
      snapshots: [],
      failures: [
        failure(CCE, "auth", { credentialSet: "a" }),
        failure(AUTOPILOT, "auth", { credentialSet: "b" }),
      ],
    });
    expect(of(events, "Poll Failed")).toHaveLength(2);
  });

  it("reports a planned cluster the read lost as an internal failure, never dropping its window", () => {
    const events = parsed(
      judgeRun(plan([planned(CCE), planned(ACK)]), { snapshots: [idle(CCE)], failures: [] }),
    );
    const [e] = of(events, "Poll Failed");
    expect(e?.detail.cluster).toEqual(ACK);
    expect(e?.detail.failure.kind).toBe("internal");
  });

  it("judges the clusters read beside the ones that failed, each once", () => {
    const events = parsed(
      judgeRun(plan([planned(CCE), planned(ACK), planned(AUTOPILOT)], { retriesLeft: 0 }), {
        snapshots: [failedUpgrade(AUTOPILOT), startedUpgrade(ACK)],
        failures: [failure(CCE, "server")],
      }),
    );
    // The read clusters' key worked: Credentials Accepted resolves a refused-key page, if any.
    expect(types(events)).toEqual([
      "Cancel Due",
      "Upgrade Started",
      "Poll Failed",
      "Credentials Accepted",
    ]);
  });

  it("names each Poll Failed's window after its own cluster", () => {
    const lagged = windowFor(new Date(T0), 5 * MIN, 0);
    const events = judgeRun(plan([planned(CCE), planned(ACK, "key-a", lagged)]), {
      snapshots: [],
      failures: [failure(CCE, "client"), failure(ACK, "client")],
    });
    expect(of(events, "Poll Failed").map((e) => e.detail.window)).toEqual([W0, lagged]);
  });

  it("refuses a snapshot of a cluster it was not asked to judge", () => {
    expect(() => judgeRun(plan([planned(CCE)]), { snapshots: [idle(ACK)], failures: [] })).toThrow(
      /read but not planned/,
    );
  });
});
