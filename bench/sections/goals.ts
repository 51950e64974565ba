import { kb, mb, ms, ratio, type Table } from "../lib/table.ts";
import type { BundleResults } from "./bundles.ts";
import type { ColdResults } from "./coldstart.ts";
import type { FanoutResults } from "./fanout.ts";
import type { MemoryResults } from "./memory.ts";
import type { WarmResults } from "./warm.ts";

export interface GoalRow {
  goal: string;
  target: string;
  measured: string;
  met: boolean;
}

const LAMBDA_LIMIT_MS = 15 * 60_000;
/** "Well inside" the 15-minute limit: a tenth of it. */
const WELL_INSIDE_MS = LAMBDA_LIMIT_MS / 10;

/** Each goal of the issue against this run's figures. */
export function goals(r: {
  bundles: BundleResults;
  cold: ColdResults;
  warm: WarmResults;
  fanout: FanoutResults;
  memory: MemoryResults;
}): GoalRow[] {
  const rows: GoalRow[] = [];
  const largest = [...r.bundles.functions].sort((a, b) => b.bytes - a.bytes)[0];
  if (largest) {
    const { alibabaSdk, huaweiSdkCore } = r.bundles.baselines;
    rows.push(
      {
        goal: "every function bundle at most 200 KB",
        target: "≤ 200.0 KB",
        measured: `largest ${largest.name} ${kb(largest.bytes)}`,
        met: largest.bytes <= 200 * 1024,
      },
      {
        goal: "bundle under a third of the Huawei SDK's",
        target: `< ${kb(huaweiSdkCore.bytes / 3)}`,
        measured: `${ratio(largest.bytes / huaweiSdkCore.bytes)} of it`,
        met: largest.bytes < huaweiSdkCore.bytes / 3,
      },
      {
        goal: "bundle under an eighth of the Alibaba SDK's",
        target: `< ${kb(alibabaSdk.bytes / 8)}`,
        measured: `${ratio(largest.bytes / alibabaSdk.bytes)} of it`,
        met: largest.bytes < alibabaSdk.bytes / 8,
      },
    );
  }
  rows.push({
    goal: "cold start to first request ≤ 0.6× the Alibaba SDK's",
    target: "≤ 0.60×",
    measured: ratio(r.cold.pollVsAlibabaFirstRequest),
    met: r.cold.pollVsAlibabaFirstRequest <= 0.6,
  });
  rows.push(
    {
      goal: "warm CPU per request (poll path, ACK) ≤ the Alibaba SDK's",
      target: "≤ 1.00×",
      measured: ratio(r.warm.pollAckVsAlibaba),
      met: r.warm.pollAckVsAlibaba <= 1,
    },
    {
      goal: "warm CPU per request (poll path, CCE) ≤ half the Huawei SDK's",
      target: "≤ 0.50×",
      measured: ratio(r.warm.pollCceVsHuawei),
      met: r.warm.pollCceVsHuawei <= 0.5,
    },
  );
  const runs = r.fanout.runs.filter((run) => !run.whatIf);
  const thousand = runs.find((run) => run.clusters === 1000);
  if (thousand) {
    rows.push(
      {
        goal: "1,000 clusters within 1.3× the ideal",
        target: "≤ 1.30×",
        measured: `${ratio(thousand.ratio)} (${ms(thousand.wallMs)} vs ${ms(thousand.idealMs)}, ${thousand.invocations.length} invocations, ${thousand.readErrors} read errors)`,
        met: thousand.ratio <= 1.3 && thousand.readErrors === 0,
      },
      {
        goal: "1,000 clusters at peak RSS ≤ 128 MB",
        target: "≤ 128.0 MB",
        measured: mb(thousand.peakRssKb),
        met: thousand.peakRssKb !== null && thousand.peakRssKb <= 128 * 1024,
      },
    );
  }
  const sharded = [...runs].reverse().find((run) => run.sharded);
  if (sharded) {
    const slowest = Math.max(
      ...sharded.invocations.filter((i) => !i.failed).map((i) => i.processMs),
    );
    rows.push({
      goal: `${sharded.clusters.toLocaleString("en-US")} clusters sharded: every invocation well inside 15 min`,
      target: `≤ ${ms(WELL_INSIDE_MS)} (a tenth), all read`,
      measured: `slowest ${ms(slowest)}; ${sharded.readErrors} read errors; ${sharded.failedInvocations} failed`,
      met: slowest <= WELL_INSIDE_MS && sharded.readErrors === 0 && sharded.failedInvocations === 0,
    });
  }
  rows.push(memoryGoal(r.memory));
  return rows;
}

/**
 * Linear or better: the memory each extra cluster costs does not grow with the clusters an
 * invocation reads. The slope of peak RSS over the upper half of the sizes is compared with
 * the lower half's, with a quarter's tolerance (and 2 KB) for the noise in a peak.
 */
function memoryGoal(memory: MemoryResults): GoalRow {
  const { lowerKbPerCluster: lower, upperKbPerCluster: upper } = memory;
  return {
    goal: "memory per invocation grows no faster than linearly",
    target: "upper-half slope ≤ 1.25× lower-half",
    measured: `${upper.toFixed(1)} vs ${lower.toFixed(1)} KB/cluster; linear fit R² ${memory.fit.r2.toFixed(3)}`,
    met: upper <= Math.max(lower, 0) * 1.25 + 2,
  };
}

export function goalsTable(rows: GoalRow[]): Table {
  return {
    title: "Goals",
    head: ["goal", "target", "measured", "met"],
    rows: rows.map((g) => [g.goal, g.target, g.measured, g.met ? "yes" : "NO"]),
  };
}
