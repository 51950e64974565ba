import { catalogueEntry } from "../events/catalogue.ts";
import type { Degradation } from "../events/readDegradedDetail.ts";
import type { EventOf } from "../events/shepherdEvent.ts";
import type { Window } from "../events/window.ts";
import type { UpgradeSnapshot } from "../model/snapshot.ts";
import { clusterBase } from "./clusterBase.ts";
import { bucketKey } from "./idKeys.ts";
import type { DecidePolicy } from "./policy.ts";
import { repeatBucket } from "./repeatBucket.ts";
import { windowMs } from "./windowMs.ts";

/** What the rule reads of one cluster's run; decide's own run record fits it. */
export interface ReadDegradedInput {
  snapshot: UpgradeSnapshot;
  window: Window;
  policy: DecidePolicy;
}

/**
 * Why this read is less than the whole story, in a fixed order: an upgrade phase no source
 * documents (the raw value kept), then upgrade APIs the cloud refused (`snapshot.degraded`).
 */
export function degradationsOf(snapshot: UpgradeSnapshot): Degradation[] {
  const out: Degradation[] = [];
  const u = snapshot.upgrade;
  if (u !== null && u.phase === "unknown") {
    out.push({
      reason: "unknown-state",
      rawPhase: u.rawPhase,
      workflowPhase: u.workflowPhase,
      source: u.source,
    });
  }
  if (snapshot.degraded !== undefined) out.push(snapshot.degraded);
  return out;
}

/**
 * `Read Degraded`, once per reason, in the first run of each repeat bucket while it holds
 * (issue 13: "announce it once per repeat bucket as a warning naming the raw value"). Neither
 * reason has a time of its own, so a bucket is the only stateless way to say it once. The id is
 * keyed on the reason and the bucket, so a retried run sends the same ids. Works with no upgrade
 * at all: a cluster whose upgrade APIs are refused may show none.
 */
export function readDegraded(run: ReadDegradedInput): EventOf<"Read Degraded">[] {
  const bucket = repeatBucket(windowMs(run.window), run.policy.repeat);
  if (!bucket.first) return [];
  const { snapshot } = run;
  const trigger = {
    kind: "repeat" as const,
    bucketStart: new Date(bucket.start).toISOString(),
    repeatMs: run.policy.repeat,
  };
  return degradationsOf(snapshot).map((degradation) => ({
    detailType: "Read Degraded",
    time: run.window.t,
    detail: {
      ...clusterBase({
        cluster: snapshot.cluster,
        upgrade: snapshot.upgrade,
        upgradeId: snapshot.upgrade?.id ?? "",
        window: run.window,
        detailType: "Read Degraded",
        severity: catalogueEntry("Read Degraded").severity,
        key: [degradation.reason, ...bucketKey(bucket.start)],
      }),
      trigger,
      degradation,
    },
  }));
}
