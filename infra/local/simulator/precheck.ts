import { stableHex, stableUuid } from "./ids.ts";
import { type PrecheckScript, PrecheckScriptSchema } from "./scenarioSchema.ts";
import type { SimCluster, SimPrecheck } from "./simCluster.ts";
import { huaweiTime } from "./timeFormat.ts";

/**
 * The cloud's pre-upgrade checks, as the simulator plays them: each runs for the cluster's
 * `precheck.duration` from its creation, then passes or fails with the scenario's findings. The
 * simulator's UpgradeCluster does not require one: neither cloud's sources say it does (CCE runs
 * its own check inside the upgrade unless `isOnlyUpgrade`; ACK "automatically triggers a check"
 * before an upgrade, cs20151215 RunClusterCheck's description).
 */
const DEFAULT_SCRIPT: PrecheckScript = PrecheckScriptSchema.parse({});

const scriptOf = (cluster: SimCluster): PrecheckScript => cluster.config.precheck ?? DEFAULT_SCRIPT;

/** ACK's check id form (ts-sdk example `1697100584236600453-ce0da5a1d6…-clustercheck-lboto`). */
function ackCheckId(cluster: SimCluster, n: number, createdMs: number): string {
  const letters = stableHex(`${cluster.config.clusterId}/check/${n}`, 5).replace(/[0-9]/g, (d) =>
    String.fromCharCode(103 + Number(d)),
  );
  return `${createdMs}${stableHex(`${cluster.config.clusterId}/check-n/${n}`, 6).replace(/[a-f]/g, "0")}-${cluster.config.clusterId}-clustercheck-${letters}`;
}

/** Records a precheck a client created at `now`, with the id its cloud's form takes. */
export function createSimPrecheck(
  cluster: SimCluster,
  now: number,
  fields: { targetVersion: string | null; clusterVersion: string; type: string },
): SimPrecheck {
  const n = cluster.prechecks.length + 1;
  const id =
    cluster.config.provider === "ack"
      ? ackCheckId(cluster, n, now)
      : stableUuid(`${cluster.config.provider}/${cluster.config.clusterId}/precheck/${n}`);
  const precheck: SimPrecheck = { id, createdMs: now, ...fields };
  cluster.prechecks.push(precheck);
  return precheck;
}

/** Where a precheck stands at `now`. */
export function precheckOutcome(
  cluster: SimCluster,
  p: SimPrecheck,
  now: number,
): { finishedMs: number | null; passed: boolean } {
  const script = scriptOf(cluster);
  const finishedMs = p.createdMs + script.duration;
  if (now < finishedMs) return { finishedMs: null, passed: false };
  return { finishedMs, passed: script.result === "pass" };
}

/**
 * ASSUMPTION: how long CCE keeps a result valid is not documented (`expireTimeStamp`,
 * "检查结果过期时间", has no example); the simulator says 24 hours after the check finished.
 */
const CCE_RESULT_VALID_MS = 24 * 3_600_000;

const cceItem = (
  f: { name: string; message: string; group: string; level: string },
  phase: string,
) => ({
  name: f.name,
  kind: "Exception",
  group: f.group,
  level: f.level,
  phase,
  message: f.message,
});

/**
 * A CCE / Autopilot precheck task (go-sdk `model_precheck_cluster_task.go`): `metadata{uid,
 * creationTimestamp, updateTimestamp}`, `spec{clusterID, clusterVersion, targetVersion}`,
 * `status{phase, expireTimeStamp, message, clusterCheckStatus, addonCheckStatus,
 * nodeCheckStatus}`. Times in Go's `time.String()` form, as CCE's upgrade tasks. Running, its
 * phase is `Running` and it has no check status yet.
 */
export function renderCcePrecheck(cluster: SimCluster, p: SimPrecheck, now: number) {
  const script = scriptOf(cluster);
  const { finishedMs, passed } = precheckOutcome(cluster, p, now);
  const base = {
    kind: "PreCheckTask",
    apiVersion: "v3",
    metadata: {
      uid: p.id,
      creationTimestamp: huaweiTime(p.createdMs, "CST"),
      updateTimestamp: huaweiTime(finishedMs ?? p.createdMs, "CST"),
    },
    spec: {
      clusterID: cluster.config.clusterId,
      clusterVersion: p.clusterVersion,
      targetVersion: p.targetVersion,
    },
  };
  if (finishedMs === null) return { ...base, status: { phase: "Running" } };
  const findings = passed ? [] : script.findings;
  const byGroup = (group: string) => findings.filter((f) => f.group === group);
  const clusterItems = findings.filter((f) => f.group !== "NodeCheck" && f.group !== "AddonCheck");
  const phaseOf = (items: readonly unknown[]) => (items.length ? "Failed" : "Success");
  return {
    ...base,
    status: {
      phase: script.status ?? (passed ? "Success" : "Failed"),
      expireTimeStamp: huaweiTime(finishedMs + CCE_RESULT_VALID_MS, "CST"),
      message: passed ? "" : `${findings.length} check item(s) failed`,
      clusterCheckStatus: {
        phase: phaseOf(clusterItems),
        itemsStatus: [
          cceItem(
            { name: "ClusterStatusCheck", message: "", group: "LimitCheck", level: "Info" },
            "Success",
          ),
          ...clusterItems.map((f) => cceItem(f, "Failed")),
        ],
      },
      addonCheckStatus: {
        phase: phaseOf(byGroup("AddonCheck")),
        itemsStatus: byGroup("AddonCheck").map((f) => cceItem(f, "Failed")),
      },
      nodeCheckStatus: {
        phase: phaseOf(byGroup("NodeCheck")),
        nodeStageStatus: byGroup("NodeCheck").length
          ? [
              {
                nodeInfo: {
                  uid: stableUuid(`${cluster.config.clusterId}/node/1`),
                  name: `${cluster.config.name}-node-1`,
                  status: "Active",
                  nodeType: "VirtualMachine",
                },
                itemsStatus: byGroup("NodeCheck").map((f) => cceItem(f, "Failed")),
              },
            ]
          : [],
      },
    },
  };
}

/** ACK's time form for checks, as the ts-sdk examples show it: UTC with nanoseconds. */
const ackCheckTime = (ms: number): string =>
  new Date(ms).toISOString().replace(/\.(\d{3})Z$/, (_, milli: string) => `.${milli}482917Z`);

/**
 * An ACK cluster check (ts-sdk `ListClusterChecksResponseBody.ts`, `GetClusterCheckResponseBody.ts`):
 * `check_id`, `type`, `status` (`Succeeded`, `Failed`; ASSUMPTION: `Running` with no
 * `finished_at` while it runs, which no source shows), `message` (`task succeed`), `created_at`,
 * `finished_at`, and with `items` GetClusterCheck's `check_items` (ASSUMPTION: no source shows
 * an item's fields: each is `{name, level, message}` under its group).
 */
export function renderAckCheck(cluster: SimCluster, p: SimPrecheck, now: number, items: boolean) {
  const script = scriptOf(cluster);
  const { finishedMs, passed } = precheckOutcome(cluster, p, now);
  const done = finishedMs !== null;
  const status = !done ? "Running" : (script.status ?? (passed ? "Succeeded" : "Failed"));
  const summary = {
    check_id: p.id,
    type: p.type,
    status,
    message: !done ? "task running" : passed ? "task succeed" : "task failed",
    created_at: ackCheckTime(p.createdMs),
    ...(done ? { finished_at: ackCheckTime(finishedMs) } : {}),
  };
  if (!items) return summary;
  const checkItems: Record<string, { name: string; level: string; message: string }[]> = {
    ClusterStatus: [{ name: "ClusterState", level: "info", message: "the cluster is running" }],
  };
  for (const f of done && !passed ? script.findings : []) {
    checkItems[f.group] = [
      ...(checkItems[f.group] ?? []),
      { name: f.name, level: f.level, message: f.message },
    ];
  }
  return { ...summary, check_items: done ? checkItems : {} };
}
