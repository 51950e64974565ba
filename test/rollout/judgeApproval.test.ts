import { describe, expect, it } from "vitest";
import { parseConfig } from "../../shared/config/parseConfig.ts";
import { resolveClusters } from "../../shared/config/resolveClusters.ts";
import type { ApprovalRequestedDetail } from "../../shared/events/actionRequestedDetail.ts";
import { hashId, outcomeEventId } from "../../shared/events/eventId.ts";
import { ShepherdEventSchema } from "../../shared/events/shepherdEvent.ts";
import type { UpgradeSnapshot } from "../../shared/model/snapshot.ts";
import { judgeApproval } from "../../shared/rollout/judgeApproval.ts";
import { judgeRollouts } from "../../shared/rollout/judgeRollouts.ts";
import { waveClusters } from "../../shared/rollout/waveClusters.ts";
import { HOUR, snapshot } from "./fixtures.ts";

// judgeApproval, the pure core of poll-status's approval trigger, on a parsed config (the
// config a deployment loads) and reads built as the adapters return them. T is a Monday.
// The first run of a 4-hour repeat bucket, so the scheduled run announces Rollout Wave Ready.
const T = Date.parse("2026-11-02T12:00:30.000Z");
const ALWAYS = {
  timeZone: "UTC",
  days: ["mon", "tue", "wed", "thu", "fri", "sat", "sun"],
  start: "00:00",
  end: "24:00",
};

function configWith(rollout: Record<string, unknown> = {}, defaults: Record<string, unknown> = {}) {
  const hex = (i: number) => i.toString(16).padStart(2, "0");
  return parseConfig(
    {
      defaults: { maintenanceWindows: [ALWAYS], ...defaults },
      clusters: Array.from({ length: 7 }, (_, i) =>
        i % 2 === 0
          ? {
              provider: "cce",
              region: "cn-north-4",
              projectId: "0b1c2d3e4f",
              clusterId: `4d1ecb2c-229a-11ee-9d2b-0255ac1000${hex(i)}`,
              name: i === 0 ? "canary" : `cce-${i}`,
              credentials: "huawei-prod",
              labels: { env: "prod", ...(i === 0 ? { ring: "canary" } : {}) },
            }
          : {
              provider: "ack",
              region: "cn-hangzhou",
              clusterId: `c0ffee11d3b4c5a6978e1d2c3b4a5f${hex(i)}`,
              name: `ack-${i}`,
              credentials: "ali-prod",
              labels: { env: "prod" },
            },
      ),
      rollouts: [
        {
          name: "k8s-1.31",
          target: { cce: "v1.31", ack: "1.31.1-aliyun.1" },
          clusters: { labels: { env: "prod" } },
          waves: [
            { name: "canary", clusters: { labels: { ring: "canary" } }, soak: "24h" },
            { name: "early", percent: 50, maxConcurrent: 2, soak: "12h", approval: "chat" },
            { name: "rest", maxConcurrent: 5, approval: "chat" },
          ],
          haltOn: { failures: 1, stalls: 1 },
          ...rollout,
        },
      ],
    },
    { env: {} },
  );
}

const ALICE = {
  channel: "slack" as const,
  receiver: "ops-slack",
  userId: "U0ALICE001",
  userName: "alice",
};

function pressed(wave = "early", id = hashId(["Action Requested", "press-1"])) {
  const at = new Date(T - 20_000).toISOString();
  return {
    id,
    severity: "info",
    window: { t: at, start: at, end: at },
    action: "approve",
    rollout: "k8s-1.31",
    wave,
    requestedBy: ALICE,
    expiresAt: new Date(T + HOUR).toISOString(),
  } satisfies ApprovalRequestedDetail;
}

/** The fleet's reads: the canary as given, every other cluster never upgraded. */
function reads(
  config: ReturnType<typeof configWith>,
  canary: Parameters<typeof snapshot>[1],
  others: Record<string, Parameters<typeof snapshot>[1]> = {},
): UpgradeSnapshot[] {
  return resolveClusters(config).map((c) =>
    snapshot(c.ref, c.ref.name === "canary" ? canary : (others[c.ref.name ?? ""] ?? null), T),
  );
}

function judge(
  config: ReturnType<typeof configWith>,
  snapshots: UpgradeSnapshot[],
  request = pressed(),
) {
  return judgeApproval(request, {
    config,
    inventory: resolveClusters(config),
    snapshots,
    now: new Date(T),
  }).map((e) => ShepherdEventSchema.parse(e));
}

const earlyWave = (config: ReturnType<typeof configWith>) =>
  (config.rollouts[0]
    ? waveClusters(
        config.rollouts[0],
        resolveClusters(config).map((c) => c.ref),
      ).waves[1]?.clusters
    : []) ?? [];

const soaked = { phase: "succeeded" as const, at: T - 30 * HOUR };

describe("judgeApproval: a press of Approve wave", () => {
  it("starts the eligible wave's first clusters, exactly the ones Rollout Wave Ready named", () => {
    const config = configWith();
    const snapshots = reads(config, soaked);
    // The scheduled run: the wave waits for approval, nothing is due.
    const scheduled = judgeRollouts(config, resolveClusters(config), snapshots, new Date(T))[0];
    expect(scheduled?.events.map((e) => e.detailType)).toEqual(["Rollout Wave Ready"]);
    const ready = scheduled?.events[0];
    const first = ready?.detailType === "Rollout Wave Ready" ? ready.detail.firstClusters : [];
    expect(first).toHaveLength(2);
    expect(first).toEqual(earlyWave(config).slice(0, 2));

    const events = judge(config, snapshots);
    expect(events.map((e) => e.detailType)).toEqual(["Upgrade Due", "Upgrade Due"]);
    const request = pressed();
    events.forEach((e, i) => {
      expect(e.detail).toMatchObject({
        rollout: "k8s-1.31",
        wave: "early",
        cluster: first[i],
        upgradesDue: 2,
        requestedBy: ALICE,
        policy: { dryRun: false },
      });
      const key = `${first[i]?.provider}/${first[i]?.region}/${first[i]?.projectId ?? "-"}/${first[i]?.clusterId}`;
      expect(e.detail.id).toBe(
        hashId(["Upgrade Due", "k8s-1.31", "early", key, "approval", request.id]),
      );
    });
  });

  it("gives the same input the same events and ids, and another press other ids", () => {
    const config = configWith();
    const snapshots = reads(config, soaked);
    expect(judge(config, snapshots)).toEqual(judge(config, snapshots));
    const other = judge(config, snapshots, pressed("early", hashId(["Action Requested", "2"])));
    const ids = new Set(judge(config, snapshots).map((e) => e.detail.id));
    for (const e of other) expect(ids.has(e.detail.id)).toBe(false);
  });

  const skipCases: [string, () => ReturnType<typeof judge>, string, RegExp][] = [
    [
      "the rollout is halted by a failed canary",
      () => judge(configWith(), reads(configWith(), { phase: "failed", at: T - 30 * HOUR })),
      "precondition",
      /^rollout k8s-1\.31 is halted \(failed: canary\)/,
    ],
    [
      "the previous wave's soak is not over",
      () => judge(configWith(), reads(configWith(), { phase: "succeeded", at: T - 2 * HOUR })),
      "precondition",
      /^wave early waits for the previous wave's soak, until 2026-11-03T10:00:30\.000Z$/,
    ],
    [
      "another wave is current",
      () => judge(configWith(), reads(configWith(), soaked), pressed("rest")),
      "precondition",
      /^wave rest is not the current wave: wave early is not complete yet$/,
    ],
    [
      "the wave has begun",
      () => {
        const config = configWith();
        const running = earlyWave(config)[0]?.name ?? "";
        return judge(config, reads(config, soaked, { [running]: { phase: "running", at: T } }));
      },
      "already-done",
      /^wave early has begun \(1 upgrading\)/,
    ],
    [
      "no cluster of the wave is in its maintenance window",
      () => {
        const sunday = { ...ALWAYS, days: ["sun"] };
        const config = configWith({}, { maintenanceWindows: [sunday] });
        return judge(config, reads(config, soaked));
      },
      "outside-window",
      /^no pending cluster of wave early is inside its maintenance window now$/,
    ],
    [
      "the rollout left the config",
      () => judge(configWith({ name: "k8s-1.32" }), reads(configWith(), soaked)),
      "policy",
      /^rollout k8s-1\.31 is no longer in the config$/,
    ],
    [
      "the wave left the config",
      () => judge(configWith(), reads(configWith(), soaked), pressed("late")),
      "policy",
      /^rollout k8s-1\.31 no longer has a wave late$/,
    ],
    [
      "the wave no longer waits for approval",
      () => {
        const config = configWith({
          waves: [
            { name: "canary", clusters: { labels: { ring: "canary" } }, soak: "24h" },
            { name: "early", percent: 50, maxConcurrent: 2 },
          ],
        });
        return judge(config, reads(config, soaked));
      },
      "policy",
      /^wave early no longer waits for approval in chat/,
    ],
    [
      "the clusters it could not read take every slot",
      () => {
        const config = configWith();
        const unread = new Set(
          earlyWave(config)
            .slice(0, 2)
            .map((c) => c.clusterId),
        );
        return judge(
          config,
          reads(config, soaked).filter((s) => !unread.has(s.cluster.clusterId)),
        );
      },
      "state-changed",
      /^no cluster of wave early can start now: 2 could not be read/,
    ],
  ];

  it.each(skipCases)(
    "starts nothing when %s: one Action Skipped, a warning",
    (_, run, reason, message) => {
      const events = run();
      expect(events).toHaveLength(1);
      const request = pressed(); // the id is the press's, whichever wave
      expect(events[0]?.detailType).toBe("Action Skipped");
      expect(events[0]?.detail).toMatchObject({
        severity: "warning",
        action: "approve",
        rollout: "k8s-1.31",
        reason,
        requestedBy: ALICE,
        dueEventId: request.id,
        id: outcomeEventId(request.id, "Action Skipped"),
        dryRun: false,
      });
      const detail = events[0]?.detail as { message: string } | undefined;
      expect(detail?.message).toMatch(message);
    },
  );
});
