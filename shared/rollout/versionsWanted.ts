import { clusterKey } from "../model/clusterIdentity.ts";
import type { UpgradeSnapshot } from "../model/snapshot.ts";
import type { RolloutJudgement } from "./judgeRollout.ts";

/**
 * The clusters whose running version a rollout's judgement waits on, by cluster key: in each
 * rollout's current wave, while it may start upgrades (gate `eligible`, or
 * `outside-maintenance-window`), the `pending` clusters read with no upgrade on record and no
 * version yet. Such a cluster may run the target already (created at it, or upgraded before
 * the cloud's records began): without its version the wave would wait on it for ever, and the
 * cloud would refuse its start. Pure; `skip` holds the keys already tried this run.
 */
export function versionsWanted(
  judgements: readonly RolloutJudgement[],
  snapshots: readonly UpgradeSnapshot[],
  skip: ReadonlySet<string>,
): string[] {
  const byKey = new Map(snapshots.map((s) => [clusterKey(s.cluster), s]));
  const wanted = new Set<string>();
  for (const j of judgements) {
    const wave = j.waves.find((w) => w.name === j.currentWave);
    if (!wave || (wave.gate !== "eligible" && wave.gate !== "outside-maintenance-window")) continue;
    for (const c of wave.clusters) {
      const key = clusterKey(c.cluster);
      const snapshot = byKey.get(key);
      if (c.state !== "pending" || skip.has(key) || !snapshot) continue;
      if (snapshot.upgrade === null && snapshot.clusterVersion === undefined) wanted.add(key);
    }
  }
  return [...wanted].sort();
}
