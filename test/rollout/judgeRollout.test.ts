import { describe, expect, it } from "vitest";
import { judgeRollout } from "../../shared/rollout/judgeRollout.ts";
import { waveClusters } from "../../shared/rollout/waveClusters.ts";
import { cluster, HOUR, input, issueRollout, snapshot, T0 } from "./fixtures.ts";

/** Ten prod clusters (c0, c1 canaries), one staging cluster that no wave may take. */
const canaries = [cluster(0, { ring: "canary" }), cluster(1, { ring: "canary" })];
const others = Array.from({ length: 8 }, (_, i) => cluster(i + 2));
const staging = { ...cluster(99), labels: { env: "staging" } };
const fleet = [...canaries, ...others, staging];
const rollout = issueRollout();

describe("waveClusters", () => {
  it("puts the canaries first, 20% of ten in early, the rest last, and leaves staging out", () => {
    const { waves, unassigned } = waveClusters(rollout, fleet);
    expect(waves.map((w) => w.clusters.length)).toEqual([2, 2, 6]);
    expect(waves[0]?.clusters.map((c) => c.clusterId).sort()).toEqual(["c0", "c1"]);
    expect(unassigned).toEqual([]);
    const all = waves.flatMap((w) => w.clusters.map((c) => c.clusterId));
    expect(all).not.toContain("c99");
    expect(new Set(all).size).toBe(10);
  });

  it("keeps the order whatever the inventory's order", () => {
    const a = waveClusters(rollout, fleet).waves.map((w) => w.clusters.map((c) => c.clusterId));
    const b = waveClusters(rollout, [...fleet].reverse()).waves.map((w) =>
      w.clusters.map((c) => c.clusterId),
    );
    expect(b).toEqual(a);
  });

  it("keeps the order earlier versions gave: a new event-id recipe does not reshuffle waves", () => {
    // sha256 of ["upgrade-shepherd/v1", "rollout-order", name, clusterKey], as before ids were v2.
    const ids = waveClusters(rollout, fleet).waves.map((w) => w.clusters.map((c) => c.clusterId));
    expect(ids).toEqual([
      ["c0", "c1"],
      ["c6", "c5"],
      ["c7", "c3", "c9", "c2", "c4", "c8"],
    ]);
  });
});

describe("judgeRollout", () => {
  it("starts the canaries one at a time on a fresh fleet", () => {
    const j = judgeRollout(
      input(
        rollout,
        fleet,
        fleet.map((c) => snapshot(c, null)),
      ),
    );
    expect(j.currentWave).toBe("canary");
    expect(j.waves.map((w) => w.gate)).toEqual(["eligible", "waiting", "waiting"]);
    const due = j.events.flatMap((e) => (e.detailType === "Upgrade Due" ? [e.detail] : []));
    expect(due).toHaveLength(1);
    const [first] = due;
    expect(["c0", "c1"]).toContain(first?.cluster.clusterId);
    expect(first?.targetVersion).toBe(
      first?.cluster.provider === "ack" ? "1.31.1-aliyun.1" : "v1.31",
    );
  });

  it("waits out the canary soak, measured from the last canary success", () => {
    const done = (c: (typeof fleet)[number], at: number) => snapshot(c, { phase: "succeeded", at });
    const reads = (t: number) => [
      done(canaries[0] as never, T0 - 30 * HOUR),
      done(canaries[1] as never, T0 - 20 * HOUR),
      ...[...others, staging].map((c) => snapshot(c, null, t)),
    ];
    const during = judgeRollout(input(rollout, fleet, reads(T0)));
    expect(during.waves[0]?.completedAt).toBe(new Date(T0 - 20 * HOUR).toISOString());
    expect(during.waves[1]?.gate).toBe("soaking");
    expect(during.waves[1]?.soakEndsAt).toBe(new Date(T0 + 4 * HOUR).toISOString());
    expect(during.events).toEqual([]);

    const after = judgeRollout(input(rollout, fleet, reads(T0 + 4 * HOUR), T0 + 4 * HOUR));
    expect(after.waves[1]?.gate).toBe("eligible");
    expect(after.events.filter((e) => e.detailType === "Upgrade Due")).toHaveLength(2);
  });

  it("counts running upgrades against maxConcurrent", () => {
    const early = waveClusters(rollout, fleet).waves[1]?.clusters ?? [];
    const reads = fleet.map((c) =>
      canaries.includes(c)
        ? snapshot(c, { phase: "succeeded", at: T0 - 48 * HOUR })
        : c === early[0]
          ? snapshot(c, { phase: "running", at: T0 - HOUR })
          : snapshot(c, null),
    );
    const j = judgeRollout(input(rollout, fleet, reads));
    expect(j.waves[1]?.running).toBe(1);
    expect(j.events.filter((e) => e.detailType === "Upgrade Due")).toHaveLength(1);
  });

  it("counts a cluster this run could not read against maxConcurrent: it may be upgrading", () => {
    const early = waveClusters(rollout, fleet).waves[1]?.clusters ?? [];
    const reads = fleet
      .filter((c) => c !== early[0])
      .map((c) =>
        canaries.includes(c)
          ? snapshot(c, { phase: "succeeded", at: T0 - 48 * HOUR })
          : snapshot(c, null),
      );
    const j = judgeRollout(input(rollout, fleet, reads));
    expect(j.waves[1]?.clusters.find((c) => c.cluster === early[0])?.state).toBe("unread");
    const due = j.events.filter((e) => e.detailType === "Upgrade Due");
    expect(due).toHaveLength(1);
    expect(due[0]?.detail).toMatchObject({ wave: "early", upgradesDue: 1 });
  });

  it("halts on a failed canary: no Upgrade Due anywhere, one critical Rollout Halted", () => {
    const reads = fleet.map((c) =>
      c === canaries[0] ? snapshot(c, { phase: "failed", at: T0 - 3 * 60_000 }) : snapshot(c, null),
    );
    const j = judgeRollout(input(rollout, fleet, reads));
    expect(j.halted?.failed.map((c) => c.clusterId)).toEqual(["c0"]);
    expect(j.waves[0]?.gate).toBe("halted");
    expect(j.events.map((e) => e.detailType)).toEqual(["Rollout Halted"]);
    expect(j.events[0]?.detail).toMatchObject({
      severity: "critical",
      trigger: {
        kind: "transition",
        at: new Date(T0 - 3 * 60_000).toISOString(),
        from: "finishedAt",
      },
    });
    const next = judgeRollout(input(rollout, fleet, reads, T0 + 5 * 60_000));
    expect(next.events).toEqual([]);
  });

  it("raises Rollout Wave Ready instead of starting a chat-approved wave, until the cloud shows it begun", () => {
    const chat = issueRollout({
      waves: [
        { name: "canary", clusters: { labels: { ring: "canary" } }, soak: "24h" },
        { name: "early", percent: 20, maxConcurrent: 2, soak: "12h", approval: "chat" },
        { name: "rest", maxConcurrent: 5, approval: "chat" },
      ],
    });
    const soakEnd = T0 - 3 * 60_000;
    const reads = fleet.map((c) =>
      canaries.includes(c)
        ? snapshot(c, { phase: "succeeded", at: soakEnd - 24 * HOUR })
        : snapshot(c, null),
    );
    const ready = judgeRollout(input(chat, fleet, reads));
    expect(ready.events.map((e) => e.detailType)).toEqual(["Rollout Wave Ready"]);
    expect(ready.events[0]?.detail).toMatchObject({ rollout: "k8s-1.31", wave: "early" });
    const detail = ready.events[0]?.detail;
    expect(detail && "firstClusters" in detail ? detail.firstClusters : []).toHaveLength(2);

    const early = waveClusters(chat, fleet).waves[1]?.clusters ?? [];
    const begun = reads.map((s) =>
      s.cluster === early[0] ? snapshot(s.cluster, { phase: "running", at: T0 - 60_000 }) : s,
    );
    const started = judgeRollout(input(chat, fleet, begun, T0 + 5 * 60_000));
    expect(started.waves[1]?.awaitingApproval).toBe(false);
    expect(started.events.map((e) => e.detailType)).toEqual(["Upgrade Due"]);
  });

  it("counts a success to a longer version of the target as done (v1.31 -> v1.31.4-r0)", () => {
    const reads = fleet.map((c) =>
      c === canaries[0]
        ? snapshot(c, { phase: "succeeded", toVersion: "v1.31.4-r0", at: T0 - HOUR })
        : snapshot(c, null),
    );
    const j = judgeRollout(input(rollout, fleet, reads));
    expect(j.waves[0]?.clusters.find((c) => c.cluster.clusterId === "c0")?.state).toBe("done");
  });

  it("does not start a cluster outside its maintenance windows", () => {
    const base = input(
      rollout,
      fleet,
      fleet.map((c) => snapshot(c, null)),
    );
    const j = judgeRollout({
      ...base,
      policyOf: () => ({
        stallAfter: 3 * HOUR,
        dryRun: false,
        maintenanceWindows: [{ timeZone: "UTC", days: ["sat"], start: "01:00", end: "05:00" }],
      }),
    });
    expect(j.waves[0]?.gate).toBe("outside-maintenance-window");
    expect(j.events).toEqual([]);
  });
});
