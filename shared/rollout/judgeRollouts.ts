import type { Config } from "../config/configSchema.ts";
import type { ResolvedCluster } from "../config/resolveClusters.ts";
import type { Rollout } from "../config/rollout.ts";
import { AUTO_STALL_FALLBACK_MS } from "../decide/policy.ts";
import { windowFor } from "../decide/windowFor.ts";
import { windowMs } from "../decide/windowMs.ts";
import { clusterKey } from "../model/clusterIdentity.ts";
import type { UpgradeSnapshot } from "../model/snapshot.ts";
import { judgeRollout, type RolloutInput, type RolloutJudgement } from "./judgeRollout.ts";

/**
 * Every rollout of the config, judged from one run's reads: in the run's own window (the
 * schedule's interval and lag at `t`), each cluster by its own policy, with the defaults'
 * `repeat` as the bucket of `Rollout Halted` and `Rollout Wave Ready`. Pure; the poller and the
 * CLI (`rollout plan`, `rollout status`) share it. A cluster of the inventory with no snapshot
 * is `unread`: never started, and it keeps its wave from completing.
 */
export function judgeRollouts(
  config: { rollouts: readonly Rollout[]; defaults: Config["defaults"] },
  inventory: readonly ResolvedCluster[],
  snapshots: readonly UpgradeSnapshot[],
  t: Date,
): RolloutJudgement[] {
  if (config.rollouts.length === 0) return [];
  const w = windowMs(windowFor(t, config.defaults.pollInterval, config.defaults.lag));
  const refs = inventory.map((c) => c.ref);
  const policyOf = rolloutPolicyOf(config, inventory);
  const judged = config.rollouts.map((rollout) =>
    judgeRollout({
      rollout,
      inventory: refs,
      snapshots,
      w,
      repeatMs: config.defaults.repeat,
      policyOf,
    }),
  );
  const due = judged.flatMap((j) => j.events).filter((e) => e.detailType === "Upgrade Due");
  for (const e of due) if (e.detailType === "Upgrade Due") e.detail.upgradesDue = due.length;
  return judged;
}

/**
 * What the rollout judge needs of each cluster's merged policy: its `stallAfter` (`auto` as the
 * fallback silence), `dryRun` and maintenance windows; the defaults' for a cluster the inventory
 * does not hold.
 */
export function rolloutPolicyOf(
  config: Pick<Config, "defaults">,
  inventory: readonly ResolvedCluster[],
): RolloutInput["policyOf"] {
  const byKey = new Map(inventory.map((c) => [c.key, c]));
  return (cluster) => {
    const policy = byKey.get(clusterKey(cluster))?.policy;
    const stallAfter = policy?.stallAfter ?? config.defaults.stallAfter;
    return {
      // `auto` learns from the cluster's own history in decide; the rollout judge keeps to
      // the same fallback silence (a halt on a stall may come later than decide's).
      stallAfter: stallAfter === "auto" ? AUTO_STALL_FALLBACK_MS : stallAfter,
      dryRun: policy?.dryRun ?? config.defaults.dryRun,
      maintenanceWindows: policy?.maintenanceWindows ?? config.defaults.maintenanceWindows,
    };
  };
}
