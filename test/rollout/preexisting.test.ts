import { describe, expect, it } from "vitest";
import { clusterStatus, runsTargetOrLater } from "../../shared/rollout/clusterStatus.ts";
import { judgeRollout } from "../../shared/rollout/judgeRollout.ts";
import { versionsWanted } from "../../shared/rollout/versionsWanted.ts";
import { waveClusters } from "../../shared/rollout/waveClusters.ts";
import { cluster, HOUR, input, issueRollout, snapshot, T0 } from "./fixtures.ts";

// A cluster with no upgrade on record may run the target already (created at it, or upgraded
// before the cloud's records begin). Its version, read only when the judgement waits on it,
// makes it done, so its wave completes and the cloud is not asked for an upgrade it refuses.
describe("runsTargetOrLater", () => {
  it.each([
    ["v1.31", "v1.31.2-r0", true],
    ["v1.31", "v1.32.0-r0", true],
    ["v1.31", "v1.30.4-r0", false],
    ["1.31.1-aliyun.1", "1.31.1-aliyun.1", true],
    ["1.31.1-aliyun.1", "1.32.1-aliyun.1", true],
    ["1.31.1-aliyun.1", "1.30.1-aliyun.1", false],
    ["1.31.1-aliyun.1", "1.30.14-aliyun.1", false],
    ["v1.31", "not a version", false],
  ])("target %s, running %s: %s", (target, version, expected) => {
    expect(runsTargetOrLater(target, version)).toBe(expected);
  });
});

const canaries = [cluster(0, { ring: "canary" }), cluster(1, { ring: "canary" })];
const others = Array.from({ length: 8 }, (_, i) => cluster(i + 2));
const fleet = [...canaries, ...others];
const atTarget = (c: (typeof fleet)[number]) => ({
  ...snapshot(c, null),
  clusterVersion: c.provider === "ack" ? "1.31.1-aliyun.1" : "v1.31.2-r0",
});

describe("a cluster at the target with no upgrade on record", () => {
  it("is done when its version is read, pending otherwise", () => {
    const c = canaries[0] ?? cluster(0);
    expect(clusterStatus(snapshot(c, null), "v1.31", HOUR, T0)).toEqual({
      state: "pending",
      succeededAt: null,
    });
    expect(clusterStatus(atTarget(c), "v1.31", HOUR, T0)).toEqual({
      state: "done",
      succeededAt: null,
      preexisting: true,
    });
    const older = { ...snapshot(c, null), clusterVersion: "v1.30.4-r0" };
    expect(clusterStatus(older, "v1.31", HOUR, T0).state).toBe("pending");
  });

  it("completes its wave with no soak to wait for, and the next wave starts", () => {
    const rollout = issueRollout();
    const reads = fleet.map((c) => (canaries.includes(c) ? atTarget(c) : snapshot(c, null)));
    const j = judgeRollout(input(rollout, fleet, reads));
    expect(j.waves[0]).toMatchObject({ complete: true, gate: "complete" });
    expect(j.currentWave).toBe("early");
    const due = j.events.filter((e) => e.detailType === "Upgrade Due");
    expect(due).toHaveLength(2);
    const early = (waveClusters(rollout, fleet).waves[1]?.clusters ?? []).map((c) => c.clusterId);
    for (const e of due) expect(early).toContain(e.detail.cluster.clusterId);
  });

  it("does not count as an approval of a chat-approved wave", () => {
    const chat = issueRollout({
      waves: [
        { name: "canary", clusters: { labels: { ring: "canary" } }, soak: "24h" },
        { name: "early", percent: 20, maxConcurrent: 2, approval: "chat" },
        { name: "rest", maxConcurrent: 5 },
      ],
    });
    const early = waveClusters(chat, fleet).waves[1]?.clusters ?? [];
    const reads = fleet.map((c) =>
      canaries.includes(c) || c === early[0] ? atTarget(c) : snapshot(c, null),
    );
    const j = judgeRollout(input(chat, fleet, reads));
    expect(j.waves[1]).toMatchObject({ gate: "eligible", awaitingApproval: true });
    // Wave Ready comes once per repeat bucket (not in this run's window); never Upgrade Due.
    expect(j.events.filter((e) => e.detailType === "Upgrade Due")).toEqual([]);
  });

  it("is asked for its version only in the current wave, only with no upgrade on record, once", () => {
    const rollout = issueRollout();
    const reads = fleet.map((c, i) =>
      i === 0 ? snapshot(c, { phase: "succeeded", at: T0 - 30 * HOUR }) : snapshot(c, null),
    );
    const j = judgeRollout(input(rollout, fleet, reads));
    // Canary c0 succeeded; c1 has no record: only it is wanted (the later waves wait).
    expect(versionsWanted([j], reads, new Set())).toEqual(["ack/cn-hangzhou/-/c1"]);
    expect(versionsWanted([j], reads, new Set(["ack/cn-hangzhou/-/c1"]))).toEqual([]);
    const halted = reads.map((s, i) =>
      i === 0 ? snapshot(s.cluster, { phase: "failed", at: T0 - HOUR }) : s,
    );
    expect(
      versionsWanted([judgeRollout(input(rollout, fleet, halted))], halted, new Set()),
    ).toEqual([]);
  });
});
