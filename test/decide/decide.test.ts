import { describe, expect, it } from "vitest";
import { decide } from "../../shared/decide/decide.ts";
import { windowFor } from "../../shared/decide/windowFor.ts";
import type { EventOf, ShepherdEvent } from "../../shared/events/shepherdEvent.ts";
import type { ClusterRef } from "../../shared/model/cluster.ts";
import type { Upgrade } from "../../shared/model/snapshot.ts";
import {
  ACK,
  AUTOPILOT,
  ackUpgrade,
  CCE,
  cceUpgrade,
  HOUR,
  iso,
  legacyUpgrade,
  MIN,
  POLICY,
  parsed,
  SEC,
  snapshot,
  steps,
  T0,
  types,
} from "./fixtures.ts";

/** W at T0 = (09:53, 09:58]; T0 (10:00) is the first run of its hour bucket, T0 + 5 min is not. */
const W0 = windowFor(new Date(T0), 5 * MIN, 2 * MIN);
const IN_W0 = T0 - 4 * MIN;
const NOT_FIRST = T0 + 5 * MIN;

function run(upgrade: Upgrade | null, T = T0, cluster: ClusterRef = CCE, policy = POLICY) {
  return parsed(
    decide(snapshot(cluster, upgrade, T), windowFor(new Date(T), 5 * MIN, 2 * MIN), policy),
  );
}

function only<D extends ShepherdEvent["detailType"]>(events: ShepherdEvent[], type: D): EventOf<D> {
  const matching = events.filter((e): e is EventOf<D> => e.detailType === type);
  expect(matching).toHaveLength(1);
  return matching[0] as EventOf<D>;
}

describe("decide: no upgrade", () => {
  it("emits nothing for a cluster that has never been upgraded", () => {
    expect(run(null)).toEqual([]);
  });
});

describe("decide: Upgrade Started", () => {
  it("is announced, info, from createdAt in the window, with the common fields", () => {
    const e = only(
      run(cceUpgrade({ createdAt: iso(IN_W0), updatedAt: iso(IN_W0) })),
      "Upgrade Started",
    );
    expect(e.time).toBe("2025-03-01T10:00:00.000Z");
    expect(e.detail.severity).toBe("info");
    expect(e.detail.trigger).toEqual({ kind: "transition", at: iso(IN_W0), from: "createdAt" });
    expect(e.detail.cluster).toEqual(CCE);
    expect(e.detail.upgrade?.id).toBe("f40cafed-7bf1-4c3b-b619-80113b4bbb18");
    expect(e.detail.window).toEqual(W0);
    expect(e.detail.consoleUrl).toBe(
      "https://console.huaweicloud.com/cce2.0/?region=cn-north-4#/app/cluster/detail?id=8978deaa-1743-11ee-8e46-0255ac10004c",
    );
    expect(e.detail.id).toMatch(/^[0-9a-f]{32}$/);
  });

  it("is announced even when the upgrade already finished by the time it is read", () => {
    const u = cceUpgrade({
      phase: "succeeded",
      createdAt: iso(IN_W0),
      finishedAt: iso(IN_W0 + MIN),
      updatedAt: iso(IN_W0 + MIN),
    });
    expect(types(run(u))).toEqual(["Upgrade Started", "Upgrade Succeeded", "Postcheck Due"]);
  });

  it("belongs to the window whose end it sits on, not the one it starts", () => {
    const onEnd = cceUpgrade({ createdAt: W0.end, updatedAt: W0.end });
    expect(types(run(onEnd))).toContain("Upgrade Started");
    expect(types(run(onEnd, NOT_FIRST))).not.toContain("Upgrade Started");
    const onStart = cceUpgrade({ createdAt: W0.start, updatedAt: W0.end });
    expect(types(run(onStart))).not.toContain("Upgrade Started");
  });

  it("waits for the next run when stamped after T - lag (the lag), then fires once", () => {
    const u = cceUpgrade({ createdAt: iso(T0 - MIN), updatedAt: iso(T0 - MIN) });
    const runs = [T0, T0 + 5 * MIN, T0 + 10 * MIN, T0 + 15 * MIN].map((T) => run(u, T));
    expect(runs.map((r) => types(r).filter((t) => t === "Upgrade Started").length)).toEqual([
      0, 1, 0, 0,
    ]);
  });

  it("for a timestamp-less (legacy) upgrade in progress, repeats in the first run of each bucket only", () => {
    const u = legacyUpgrade();
    const e = only(run(u, T0, ACK), "Upgrade Started");
    expect(e.detail.trigger).toEqual({
      kind: "repeat",
      bucketStart: "2025-03-01T10:00:00.000Z",
      repeatMs: HOUR,
    });
    expect(run(u, NOT_FIRST, ACK)).toEqual([]);
    expect(types(run(u, T0 + HOUR, ACK))).toEqual(["Upgrade Started"]);
  });
});

describe("decide: Upgrade Paused", () => {
  const paused = (updatedAt: number | null, extra: Partial<Upgrade> = {}) =>
    cceUpgrade({
      phase: "paused",
      rawPhase: "Pause",
      updatedAt: updatedAt === null ? null : iso(updatedAt),
      ...extra,
    });

  it("is announced, warning, when the updatedAt hint falls in the window", () => {
    const e = only(run(paused(IN_W0), NOT_FIRST - 5 * MIN), "Upgrade Paused");
    expect(e.detail.severity).toBe("warning");
    expect(e.detail.trigger).toEqual({ kind: "transition", at: iso(IN_W0), from: "updatedAt" });
  });

  it("is re-announced in the first run of each bucket while it lasts, and not in between", () => {
    const u = paused(T0 - 3 * HOUR);
    const e = only(run(u, T0), "Upgrade Paused");
    expect(e.detail.trigger.kind).toBe("repeat");
    expect(types(run(u, NOT_FIRST))).not.toContain("Upgrade Paused");
  });

  it("does not repeat in the run that announces the edge, nor before the hint is inside a window", () => {
    expect(run(paused(IN_W0)).filter((e) => e.detailType === "Upgrade Paused")).toHaveLength(1);
    expect(types(run(paused(T0 - 30 * SEC)))).not.toContain("Upgrade Paused");
  });

  it("without any time (legacy), repeats per bucket", () => {
    const u = legacyUpgrade({ phase: "paused", rawPhase: "pause/pause" });
    expect(only(run(u, T0, ACK), "Upgrade Paused").detail.trigger.kind).toBe("repeat");
    expect(types(run(u, NOT_FIRST, ACK))).not.toContain("Upgrade Paused");
  });
});

describe("decide: Upgrade Stalled", () => {
  /** Last activity at 09:27 gives an onset of 09:57, inside W0. */
  const quietSince = (last: number, extra: Partial<Upgrade> = {}) =>
    cceUpgrade({
      createdAt: iso(last - HOUR),
      updatedAt: iso(last),
      steps: steps({ PreCheck: { status: "Success", finishedAt: iso(last - 10 * MIN) } }),
      ...extra,
    });

  it("is announced, warning, in the run whose window holds lastActivity + threshold", () => {
    const e = only(run(quietSince(T0 - 33 * MIN)), "Upgrade Stalled");
    expect(e.detail.severity).toBe("warning");
    expect(e.detail.trigger).toEqual({
      kind: "transition",
      at: iso(T0 - 3 * MIN),
      from: "stallOnset",
    });
    expect(e.detail.stall).toEqual({
      lastActivityAt: iso(T0 - 33 * MIN),
      thresholdMs: 30 * MIN,
      stalledForMs: 31 * MIN,
    });
    expect(types(run(quietSince(T0 - 33 * MIN), NOT_FIRST))).not.toContain("Upgrade Stalled");
  });

  it("counts any step time as activity, not only updatedAt", () => {
    const u = quietSince(T0 - 33 * MIN, {
      steps: steps({ Cluster: { status: "Running", startedAt: iso(T0 - 20 * MIN) } }),
    });
    expect(types(run(u))).not.toContain("Upgrade Stalled");
  });

  it("repeats in the first run of each later bucket while it holds", () => {
    const u = quietSince(T0 - 2 * HOUR);
    expect(only(run(u, T0), "Upgrade Stalled").detail.trigger.kind).toBe("repeat");
    expect(types(run(u, NOT_FIRST))).not.toContain("Upgrade Stalled");
  });

  it("applies to pending and prechecking too, but not to paused or terminal phases", () => {
    for (const phase of ["pending", "prechecking"] as const) {
      expect(types(run(quietSince(T0 - 33 * MIN, { phase })))).toContain("Upgrade Stalled");
    }
    expect(types(run(quietSince(T0 - 33 * MIN, { phase: "paused" })))).not.toContain(
      "Upgrade Stalled",
    );
  });

  it("cannot be detected without times (legacy)", () => {
    expect(types(run(legacyUpgrade(), NOT_FIRST, ACK))).toEqual([]);
  });
});

describe("decide: terminal edges", () => {
  it("Succeeded is info, from finishedAt", () => {
    const e = only(
      run(cceUpgrade({ phase: "succeeded", finishedAt: iso(IN_W0), updatedAt: iso(IN_W0) })),
      "Upgrade Succeeded",
    );
    expect(e.detail.severity).toBe("info");
    expect(e.detail.trigger).toEqual({ kind: "transition", at: iso(IN_W0), from: "finishedAt" });
  });

  it("uses the CCE Cluster step's end when the task has no completion time", () => {
    const u = cceUpgrade({
      phase: "succeeded",
      finishedAt: null,
      updatedAt: iso(T0 - HOUR),
      steps: steps({ Cluster: { status: "Success", finishedAt: iso(IN_W0) } }),
    });
    expect(only(run(u), "Upgrade Succeeded").detail.trigger).toEqual({
      kind: "transition",
      at: iso(IN_W0),
      from: "clusterStepFinishedAt",
    });
  });

  it("takes the earlier of the two immutable times, so a later-filled one cannot re-announce", () => {
    const u = cceUpgrade({
      phase: "succeeded",
      finishedAt: iso(T0 + 3 * MIN),
      steps: steps({ Cluster: { status: "Success", finishedAt: iso(IN_W0) } }),
    });
    expect(types(run(u))).toContain("Upgrade Succeeded");
    expect(types(run(u, NOT_FIRST))).not.toContain("Upgrade Succeeded");
  });

  it("ignores the Cluster step's end when its status disagrees with the phase", () => {
    const u = cceUpgrade({
      phase: "failed",
      finishedAt: null,
      updatedAt: iso(T0 - 2 * HOUR),
      steps: steps({ Cluster: { status: "Success", finishedAt: iso(IN_W0) } }),
    });
    expect(types(run(u, NOT_FIRST - 5 * MIN))).not.toContain("Upgrade Failed");
  });

  it("falls back to the updatedAt hint only when there is no immutable time", () => {
    const u = ackUpgrade({ phase: "succeeded", finishedAt: null, updatedAt: iso(IN_W0) });
    expect(only(run(u, T0, ACK), "Upgrade Succeeded").detail.trigger).toEqual({
      kind: "transition",
      at: iso(IN_W0),
      from: "updatedAt",
    });
  });

  it("Failed is critical, for CCE and for the ACK task API", () => {
    const cce = run(cceUpgrade({ phase: "failed", finishedAt: iso(IN_W0), message: "etcd" }));
    expect(only(cce, "Upgrade Failed").detail.severity).toBe("critical");
    const ack = run(ackUpgrade({ phase: "failed", finishedAt: iso(IN_W0) }), T0, ACK);
    expect(only(ack, "Upgrade Failed").detail.upgrade?.id).toBe("T-5faa48fb31b6b8078d000006");
  });

  it("Cancelled is warning", () => {
    const u = ackUpgrade({ phase: "cancelled", finishedAt: iso(IN_W0) });
    expect(only(run(u, T0, ACK), "Upgrade Cancelled").detail.severity).toBe("warning");
  });

  it("an old terminal state is not announced again", () => {
    const u = cceUpgrade({
      phase: "failed",
      finishedAt: iso(T0 - 3 * HOUR),
      workflowPhase: "Running",
    });
    expect(run(u)).toEqual([]);
  });

  it("a legacy success is never announced and triggers no postcheck", () => {
    const u = legacyUpgrade({ phase: "succeeded", rawPhase: "success/success" });
    for (const T of [T0, NOT_FIRST, T0 + HOUR]) expect(run(u, T, ACK)).toEqual([]);
  });

  it("a legacy failure repeats per bucket, critical, and is never due for cancel", () => {
    const u = legacyUpgrade({ phase: "failed", rawPhase: "fail" });
    const e = only(run(u, T0, ACK), "Upgrade Failed");
    expect(types(run(u, T0, ACK))).toEqual(["Upgrade Failed"]);
    expect(e.detail.severity).toBe("critical");
    expect(e.detail.trigger.kind).toBe("repeat");
    expect(run(u, NOT_FIRST, ACK)).toEqual([]);
  });
});

describe("decide: Postcheck Due", () => {
  const succeeded = (at: number, extra: Partial<Upgrade> = {}) =>
    cceUpgrade({ phase: "succeeded", finishedAt: iso(at), updatedAt: iso(at), ...extra });

  it("fires, debug, in every run within the horizon, with a new id each run", () => {
    const u = succeeded(T0 - 3 * HOUR);
    const ids = [T0, NOT_FIRST, T0 + 10 * MIN].map((T) => {
      const e = only(run(u, T), "Postcheck Due");
      expect(e.detail.severity).toBe("debug");
      expect(e.detail.succeededAt).toBe(iso(T0 - 3 * HOUR));
      return e.detail.id;
    });
    expect(new Set(ids).size).toBe(3);
  });

  it("stops once a PostCheck step has a status", () => {
    const u = succeeded(T0 - 3 * HOUR, {
      steps: steps({ Cluster: { status: "Success" }, PostCheck: { status: "Running" } }),
    });
    expect(types(run(u))).not.toContain("Postcheck Due");
  });

  it("stops at the horizon, measured from the window's end", () => {
    const horizon = { ...POLICY, postcheckHorizonMs: 2 * HOUR };
    const w0End = Date.parse(W0.end);
    expect(types(run(succeeded(w0End - 2 * HOUR + 1), T0, CCE, horizon))).toContain(
      "Postcheck Due",
    );
    expect(types(run(succeeded(w0End - 2 * HOUR), T0, CCE, horizon))).not.toContain(
      "Postcheck Due",
    );
  });

  it("does not run ahead of the Succeeded announcement", () => {
    const u = succeeded(T0 - MIN);
    expect(types(run(u))).toEqual([]);
    expect(types(run(u, NOT_FIRST))).toEqual(["Upgrade Succeeded", "Postcheck Due"]);
  });

  it("fires whatever the postcheck policy, and carries the policy for the action function", () => {
    const off = { ...POLICY, postcheckEnabled: false, dryRun: true };
    const e = only(run(succeeded(T0 - HOUR), T0, CCE, off), "Postcheck Due");
    expect(e.detail.policy).toEqual({ postcheck: false, dryRun: true });
  });
});

describe("decide: Cancel Due", () => {
  const failed = (extra: Partial<Upgrade> = {}) =>
    cceUpgrade({
      phase: "failed",
      rawPhase: "Failed",
      finishedAt: iso(T0 - HOUR),
      workflowPhase: "Pending",
      steps: steps({
        PreCheck: { status: "Success" },
        Snapshot: { status: "Success" },
        Cluster: { status: "Failed" },
      }),
      ...extra,
    });

  it("fires, debug, in every run while failed and cancellable (seed 001: PostCheck has no status)", () => {
    for (const T of [T0, NOT_FIRST]) {
      const e = only(run(failed(), T), "Cancel Due");
      expect(e.detail.severity).toBe("debug");
      expect(e.detail.failedAt).toBe(iso(T0 - HOUR));
      expect(e.detail.clustersDueForCancel).toBe(1);
      expect(e.detail.shard).toBeNull();
      expect(e.detail.upgrade.workflowId).toBe("wf-1");
    }
  });

  it("is blocked by a workflow that is Running, Success or Cancel", () => {
    for (const workflowPhase of ["Running", "Success", "Cancel", "running"]) {
      expect(types(run(failed({ workflowPhase })))).not.toContain("Cancel Due");
    }
  });

  it("is blocked by any step that is Running, Init, Pause or Queuing", () => {
    for (const status of ["Running", "Init", "Pause", "Queuing"]) {
      const u = failed({ steps: steps({ Cluster: { status: "Failed" }, Rollback: { status } }) });
      expect(types(run(u))).not.toContain("Cancel Due");
    }
  });

  it("needs the joined workflow, since that is what CCE cancels", () => {
    expect(types(run(failed({ workflowId: null })))).not.toContain("Cancel Due");
    expect(types(run(failed({ workflowPhase: null })))).not.toContain("Cancel Due");
  });

  it("never fires for a failed ACK upgrade, task API or legacy: a failed ACK upgrade is over", () => {
    const ack = ackUpgrade({ phase: "failed", finishedAt: iso(T0 - HOUR) });
    expect(types(run(ack, NOT_FIRST, ACK))).toEqual([]);
    expect(types(run(ack, T0 - HOUR + 5 * MIN, ACK))).not.toContain("Cancel Due");
    expect(types(run(ack, T0 - HOUR + 5 * MIN, ACK))).toContain("Upgrade Failed");
    expect(types(run(legacyUpgrade({ phase: "failed" }), T0, ACK))).not.toContain("Cancel Due");
  });

  it("does not run ahead of the Failed announcement", () => {
    const u = failed({ finishedAt: iso(T0 - 30 * SEC) });
    expect(types(run(u))).toEqual([]);
    expect(types(run(u, NOT_FIRST))).toEqual(["Upgrade Failed", "Cancel Due"]);
  });

  it("fires under alert-only and dry-run too, carrying the policy", () => {
    const e = only(
      run(failed(), T0, CCE, { ...POLICY, cancel: "alert-only", dryRun: true }),
      "Cancel Due",
    );
    expect(e.detail.policy).toEqual({ cancel: "alert-only", dryRun: true });
  });
});

describe("decide: Resume Due", () => {
  const paused = (extra: Partial<Upgrade> = {}) =>
    cceUpgrade({ phase: "paused", rawPhase: "Pause", updatedAt: iso(T0 - HOUR), ...extra });

  it("fires, debug, in every run while paused", () => {
    for (const T of [T0, NOT_FIRST]) {
      const e = only(run(paused(), T), "Resume Due");
      expect(e.detail.severity).toBe("debug");
      expect(e.detail.pausedSince).toBe(iso(T0 - HOUR));
    }
  });

  it("fires under alert-only, carrying the policy", () => {
    const e = only(run(paused(), T0, CCE, { ...POLICY, resume: "alert-only" }), "Resume Due");
    expect(e.detail.policy).toEqual({ resume: "alert-only", dryRun: false });
  });

  it("does not fire for CCE Autopilot, which has no continue operation", () => {
    expect(types(run(paused(), T0, AUTOPILOT))).toEqual(["Upgrade Paused"]);
  });

  it("fires for a legacy ACK pause, with no pausedSince", () => {
    const e = only(run(legacyUpgrade({ phase: "paused" }), NOT_FIRST, ACK), "Resume Due");
    expect(e.detail.pausedSince).toBeNull();
  });

  it("waits until the pause's hint is no later than the window's end", () => {
    expect(types(run(paused({ updatedAt: iso(T0 - MIN) })))).toEqual([]);
  });
});

describe("decide: ids", () => {
  const u = cceUpgrade({ createdAt: iso(IN_W0), phase: "paused", updatedAt: iso(IN_W0) });
  const ids = (events: ShepherdEvent[]) => events.map((e) => e.detail.id);

  it("are the same when the same T is run again, even from a late invocation", () => {
    const again = decide(
      snapshot(CCE, u, T0 + 40 * SEC),
      windowFor(new Date(T0 + 3 * MIN), 5 * MIN, 2 * MIN),
      POLICY,
    );
    expect(ids(again)).toEqual(ids(run(u)));
  });

  it("differ by cluster, upgrade and detail-type", () => {
    const base = ids(run(u));
    expect(new Set(base).size).toBe(base.length);
    const other = ids(run(u, T0, { ...CCE, clusterId: "another" }));
    const otherUpgrade = ids(run({ ...u, id: "another" }));
    for (const id of base) {
      expect(other).not.toContain(id);
      expect(otherUpgrade).not.toContain(id);
    }
  });

  it("are keyed on the bucket for repeats and on T for level events", () => {
    const stalled = cceUpgrade({ updatedAt: iso(T0 - 2 * HOUR), createdAt: iso(T0 - 3 * HOUR) });
    const a = only(run(stalled, T0), "Upgrade Stalled").detail.id;
    const b = only(run(stalled, T0 + HOUR), "Upgrade Stalled").detail.id;
    expect(a).not.toBe(b);
    const resumeA = only(run(u, T0), "Resume Due").detail.id;
    const resumeB = only(run(u, NOT_FIRST), "Resume Due").detail.id;
    expect(resumeA).not.toBe(resumeB);
  });
});
