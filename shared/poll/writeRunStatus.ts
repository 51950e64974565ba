import { clusterKey } from "../model/clusterIdentity.ts";
import { buildStatusModel } from "../status/buildStatusModel.ts";
import type { StatusStore } from "../status/statusStore.ts";
import { writeStatusPage } from "../status/writeStatusPage.ts";
import type { PollRunResult } from "./pollRun.ts";

/**
 * This invocation's part of the status page, from what it read: every planned cluster, read or
 * not, each judged for a stall by its own policy. Writing the page never fails the poll: the
 * events are already published, and the answer says what went wrong (no secret is in it: the
 * store's errors name a bucket and a key at most). Stalls, ETAs, end of support and the 30
 * days are judged at the run's time `t`, the clock the cloud's own times are on (as decide
 * judges), not at the machine's: the demo plays 2025 on today's machine, and a run that starts
 * late must not see its clusters older than they are.
 */
export async function writeRunStatus(
  store: StatusStore,
  result: PollRunResult,
  t: Date,
): Promise<string> {
  const { plan } = result;
  const snapshots = new Map(result.snapshots.map((s) => [clusterKey(s.cluster), s]));
  const failures = new Map(result.failures.map((f) => [clusterKey(f.cluster), f]));
  const policies = new Map(plan.clusters.map((c) => [clusterKey(c.cluster), c.policy]));
  const model = buildStatusModel({
    t: t.toISOString(),
    now: t.getTime(),
    part: { index: plan.shard?.index ?? 0, count: plan.shard?.count ?? 1, attempt: plan.attempt },
    reads: plan.clusters.map(({ cluster }) => {
      const key = clusterKey(cluster);
      const failure = failures.get(key);
      return {
        cluster,
        snapshot: snapshots.get(key) ?? null,
        failure: failure ? { kind: failure.kind, message: failure.message } : null,
      };
    }),
    stallAfterFor: (cluster) => {
      const policy = policies.get(clusterKey(cluster));
      return policy?.stallAfter ?? 3 * 3_600_000;
    },
  });
  try {
    const written = await writeStatusPage(store, model);
    if (!written.pageWritten) return "not written: a newer run's page is there";
    return written.missing.length
      ? `written (shards ${written.missing.join(", ")} not yet)`
      : "written";
  } catch (error) {
    return `not written: ${error instanceof Error ? error.name : "error"}`;
  }
}
