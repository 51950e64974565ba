import { ackTaskId, stableHex, stableUuid } from "./ids.ts";
import {
  type AckOtherTask,
  type AckShapes,
  DOCUMENTED_ACK_SHAPES,
  type PastUpgrade,
  type Scenario,
  type ScenarioCluster,
} from "./scenarioSchema.ts";
import { evaluateUpgrade, type UpgradeAction, type UpgradeState } from "./upgradeState.ts";

/**
 * One simulated cluster: its scenario entry, the ids derived from it, and the actions clients
 * took. State is computed from these and the clock on every read.
 */
export interface SimCluster {
  config: ScenarioCluster;
  /**
   * Absolute ms when the upgrade starts, or null when the scenario gives it none, or none yet
   * (`startAt: onRequest` until a client's UpgradeCluster sets it).
   */
  upgradeStartMs: number | null;
  createdMs: number;
  /** Absolute ms it was deleted, or null. */
  deletedMs: number | null;
  actions: UpgradeAction[];
  ids: {
    task: string;
    workflow: string;
    precheck: string;
    snapshot: string;
    ackTask: string;
    /** ACK: the add-on upgrade task ACK starts after a successful cluster upgrade ("" elsewhere). */
    ackAddonAfter: string;
    precheckReport: string;
  };
  /** Counts postchecks, so each gets its own uid. */
  postcheckCount: number;
  /** ACK: the shapes its answers take (`ackShapes`, else the documented ones). */
  ackShapes: AckShapes;
  /** ACK: the cluster's other tasks, with ids and absolute start times. */
  ackOtherTasks: (AckOtherTask & { id: string; startMs: number })[];
  /** ACK: when CancelTask cancelled one of the other tasks, by task id. */
  ackOtherCancels: Map<string, number>;
  /** Upgrades finished before the scripted one (`pastUpgrades`), with ids and absolute starts. */
  pastUpgrades: PastUpgradeRun[];
  /** The pre-upgrade checks clients created (CreatePreCheck, RunClusterCheck), oldest first. */
  prechecks: SimPrecheck[];
}

/** One pre-upgrade check a client created: its id, when, and the version it checks. */
export interface SimPrecheck {
  id: string;
  createdMs: number;
  /** CCE `spec.targetVersion` as sent; ACK's checks name none. */
  targetVersion: string | null;
  clusterVersion: string;
  /** ACK's check `type` (ClusterUpgrade, ...); CCE's `PreCheckTask`. */
  type: string;
}

export interface PastUpgradeRun extends PastUpgrade {
  startMs: number;
  /** CCE task `metadata.uid` (the Cluster step's taskID), workflow uid, ACK `task_id`. */
  taskId: string;
  workflowId: string;
  ackTaskId: string;
}

export function createSimCluster(config: ScenarioCluster, scenarioStartMs: number): SimCluster {
  // Seeds the simulated ids (not an identity: that is `clusterKey`); kept as it was, so every
  // scenario replays the same task and workflow ids.
  const idSeed = `${config.provider}/${config.clusterId}`;
  const ack = config.provider === "ack";
  const startAt = config.upgrade?.startAt;
  const upgradeStartMs = typeof startAt === "number" ? scenarioStartMs + startAt : null;
  return {
    config,
    upgradeStartMs,
    createdMs:
      config.createdAt !== undefined
        ? scenarioStartMs + config.createdAt
        : Math.min(scenarioStartMs, upgradeStartMs ?? scenarioStartMs) - 90 * 86_400_000,
    deletedMs: config.deletedAt !== undefined ? scenarioStartMs + config.deletedAt : null,
    actions: [],
    ids: {
      task: stableUuid(`${idSeed}/task`),
      workflow: stableUuid(`${idSeed}/workflow`),
      precheck: stableUuid(`${idSeed}/precheck`),
      snapshot: stableUuid(`${idSeed}/snapshot`),
      ackTask: ackTaskId(`${idSeed}/task`),
      ackAddonAfter: ack ? ackTaskId(`${idSeed}/addon-after-upgrade`) : "",
      precheckReport: stableHex(`${idSeed}/precheck-report`, 32),
    },
    postcheckCount: 0,
    ackShapes: config.ackShapes ?? DOCUMENTED_ACK_SHAPES,
    ackOtherTasks: (ack ? (config.ackTasks ?? []) : []).map((t, i) => ({
      ...t,
      id: ackTaskId(`${idSeed}/other-task/${i}`),
      startMs: scenarioStartMs + t.startAt,
    })),
    ackOtherCancels: new Map(),
    pastUpgrades: (config.pastUpgrades ?? []).map((p, i) => ({
      ...p,
      startMs: scenarioStartMs + p.startAt,
      taskId: stableUuid(`${idSeed}/past/${i}/task`),
      workflowId: stableUuid(`${idSeed}/past/${i}/workflow`),
      ackTaskId: ackTaskId(`${idSeed}/past/${i}/task`),
    })),
    prechecks: [],
  };
}

/** The cluster's upgrade as it stands at `now`, or null if there is none (yet). */
export function upgradeStateOf(cluster: SimCluster, now: number): UpgradeState | null {
  const script = cluster.config.upgrade;
  if (!script || cluster.upgradeStartMs === null) return null;
  return evaluateUpgrade(script, cluster.upgradeStartMs, cluster.actions, now);
}

/** The Kubernetes version the cluster runs at `now`. */
export function currentVersion(cluster: SimCluster, state: UpgradeState | null): string {
  return state?.status === "succeeded" && cluster.config.targetVersion
    ? cluster.config.targetVersion
    : cluster.config.version;
}

export const scenarioStartMs = (scenario: Scenario): number => Date.parse(scenario.start);

/** Whether the cluster exists at `now`: created, and not yet deleted. */
export const existsAt = (cluster: SimCluster, now: number): boolean =>
  cluster.createdMs <= now && (cluster.deletedMs === null || now < cluster.deletedMs);
