import { versionMatches } from "../../../shared/rollout/clusterStatus.ts";
import { currentVersion, type SimCluster } from "./simCluster.ts";
import type { UpgradeState } from "./upgradeState.ts";

/**
 * Why the cloud refuses an UpgradeCluster, or null when it starts one:
 * - `running`: an upgrade is already under way (or paused), or the last one failed and waits for
 *   a retry or a cancel;
 * - `version`: the version is not one the cluster can go to: not higher than the one it runs
 *   (go-sdk `model_cluster_upgrade_action.go`: "只能升级到高版本，不允许填写等于或低于当前集群版本的值",
 *   only a higher version, never the current one or lower), or not the scenario's `targetVersion`
 *   (the cluster's only upgrade path here), or the scenario gives the cluster no upgrade to start.
 */
export function startRefusal(
  cluster: SimCluster,
  state: UpgradeState | null,
  requested: string,
): { kind: "running" | "version"; message: string } | null {
  if (state !== null && state.status !== "succeeded") {
    return {
      kind: "running",
      message: `the cluster's upgrade is ${state.status}; a new upgrade cannot start now`,
    };
  }
  const current = currentVersion(cluster, state);
  if (versionMatches(requested, current)) {
    return {
      kind: "version",
      message: `the target version ${requested} must be higher than the cluster's version ${current}`,
    };
  }
  const script = cluster.config.upgrade;
  const target = cluster.config.targetVersion;
  if (
    script?.startAt !== "onRequest" ||
    cluster.upgradeStartMs !== null ||
    target === undefined ||
    !versionMatches(requested, target)
  ) {
    return {
      kind: "version",
      message: `the cluster (version ${current}) cannot be upgraded to ${requested}`,
    };
  }
  return null;
}

/** Starts the scenario's upgrade at `now`: from here the cluster plays its `upgrade` script. */
export function beginUpgrade(cluster: SimCluster, now: number): void {
  cluster.upgradeStartMs = now;
}
