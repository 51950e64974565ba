import { RolloutSchema } from "../../shared/config/rollout.ts";
import type { WindowMs } from "../../shared/decide/windowMs.ts";
import type { ClusterRef } from "../../shared/model/cluster.ts";
import type { Phase, UpgradeSnapshot } from "../../shared/model/snapshot.ts";
import type { RolloutInput } from "../../shared/rollout/judgeRollout.ts";

export const HOUR = 3_600_000;
export const T0 = Date.parse("2026-11-02T10:05:00.000Z");

/** The rollout from issue 19, without the label filter on env, parsed as the config would be. */
export const issueRollout = (overrides: Record<string, unknown> = {}) =>
  RolloutSchema.parse({
    name: "k8s-1.31",
    target: { cce: "v1.31", "cce-autopilot": "v1.31", ack: "1.31.1-aliyun.1" },
    clusters: { labels: { env: "prod" } },
    waves: [
      { name: "canary", clusters: { labels: { ring: "canary" } }, soak: "24h" },
      { name: "early", percent: 20, maxConcurrent: 2, soak: "12h" },
      { name: "rest", maxConcurrent: 5 },
    ],
    haltOn: { failures: 1, stalls: 1 },
    ...overrides,
  });

export function cluster(i: number, labels: Record<string, string> = {}): ClusterRef {
  const ack = i % 2 === 1;
  return {
    provider: ack ? "ack" : "cce",
    region: ack ? "cn-hangzhou" : "cn-north-4",
    ...(ack ? {} : { projectId: "p1" }),
    clusterId: `c${i}`,
    labels: { env: "prod", ...labels },
  };
}

export const targetOf = (c: ClusterRef) => (c.provider === "ack" ? "1.31.1-aliyun.1" : "v1.31");

export function snapshot(
  c: ClusterRef,
  upgrade: { phase: Phase; toVersion?: string; at?: number } | null,
  readAt = T0,
): UpgradeSnapshot {
  if (upgrade === null)
    return { cluster: c, readAt: new Date(readAt).toISOString(), upgrade: null };
  const at = new Date(upgrade.at ?? readAt - HOUR).toISOString();
  const terminal = ["succeeded", "failed", "cancelled"].includes(upgrade.phase);
  return {
    cluster: c,
    readAt: new Date(readAt).toISOString(),
    upgrade: {
      id: `task-${c.clusterId}`,
      phase: upgrade.phase,
      rawPhase: upgrade.phase,
      progress: null,
      fromVersion: null,
      toVersion: upgrade.toVersion ?? targetOf(c),
      createdAt: at,
      finishedAt: terminal ? at : null,
      updatedAt: at,
      steps: [],
      message: null,
      source: c.provider === "ack" ? "ack-task" : "cce-task",
      workflowId: null,
      workflowPhase: null,
    },
  };
}

/** A 5-minute window whose `t` is `t`, with a 2-minute lag, as windowFor makes them. */
export function windowAt(t: number): WindowMs {
  return { t, end: t - 2 * 60_000, start: t - 7 * 60_000, intervalMs: 300_000, lagMs: 120_000 };
}

export function input(
  rollout: ReturnType<typeof issueRollout>,
  inventory: ClusterRef[],
  snapshots: UpgradeSnapshot[],
  t = T0,
): RolloutInput {
  return {
    rollout,
    inventory,
    snapshots,
    w: windowAt(t),
    repeatMs: 4 * HOUR,
    policyOf: () => ({
      stallAfter: 3 * HOUR,
      dryRun: false,
      maintenanceWindows: [
        {
          timeZone: "UTC",
          days: ["mon", "tue", "wed", "thu", "fri", "sat", "sun"],
          start: "00:00",
          end: "24:00",
        },
      ],
    }),
  };
}
