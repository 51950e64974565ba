import type { Config } from "../config/configSchema.ts";
import { clusterKey } from "../model/clusterIdentity.ts";
import type { UpgradeSnapshot } from "../model/snapshot.ts";
import { readClusterVersion } from "../providers/clusterVersion.ts";
import type { RolloutJudgement } from "../rollout/judgeRollout.ts";
import { judgeRollouts } from "../rollout/judgeRollouts.ts";
import { versionsWanted } from "../rollout/versionsWanted.ts";
import type { ReadPlan } from "./planRun.ts";
import { type FleetMember, type ReadFleetOptions, readFleet } from "./readFleet.ts";

/**
 * The run's rollouts (`plan.rolloutScope`), judged from its reads, after reading the running
 * version of the clusters the judgement waits on (`versionsWanted`: current-wave clusters with
 * no upgrade on record), one GET each, through the run's own limits, credential gate and
 * deadline. Each round may make the next wave current, so it repeats, at most once per wave,
 * and never reads a cluster twice. A version read that fails leaves the cluster `pending`, as
 * it was (start-upgrade still settles a refused start); it is no Poll Failed: the upgrade state
 * was read. Returns the judgements and the snapshots with the versions read.
 */
export async function judgeRolloutScope(
  plan: ReadPlan,
  defaults: Config["defaults"],
  snapshots: readonly UpgradeSnapshot[],
  members: readonly FleetMember[],
  t: Date,
  read: Omit<ReadFleetOptions, "read">,
): Promise<{ judgements: RolloutJudgement[]; snapshots: UpgradeSnapshot[] }> {
  const { rollouts, inventory } = plan.rolloutScope;
  const judge = (s: readonly UpgradeSnapshot[]) =>
    judgeRollouts({ rollouts, defaults }, inventory, s, t);
  let current = [...snapshots];
  let judgements = judge(current);
  if (rollouts.length === 0) return { judgements, snapshots: current };
  const memberOf = new Map(members.map((m) => [clusterKey(m.target.cluster), m]));
  const tried = new Set<string>();
  const rounds = Math.max(...rollouts.map((r) => r.waves.length));
  for (let round = 0; round < rounds; round++) {
    const wanted = versionsWanted(judgements, current, tried).flatMap((key) => {
      tried.add(key);
      const member = memberOf.get(key);
      return member ? [member] : [];
    });
    if (wanted.length === 0) break;
    const byKey = new Map(current.map((s) => [clusterKey(s.cluster), s]));
    const versions = await readFleet(wanted, {
      ...read,
      read: async (target, ctx) => {
        const snapshot = byKey.get(clusterKey(target.cluster)) as UpgradeSnapshot;
        const version = await readClusterVersion(target, ctx);
        return version === null ? snapshot : { ...snapshot, clusterVersion: version };
      },
    });
    const withVersion = new Map(versions.snapshots.map((s) => [clusterKey(s.cluster), s]));
    current = current.map((s) => withVersion.get(clusterKey(s.cluster)) ?? s);
    judgements = judge(current);
  }
  return { judgements, snapshots: current };
}
