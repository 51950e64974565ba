import { int, type Table } from "../lib/table.ts";
import type { ColdResults } from "./coldstart.ts";
import type { FanoutResults, FanoutRun } from "./fanout.ts";

/**
 * List prices, US East (N. Virginia), as published on aws.amazon.com/lambda/pricing and
 * aws.amazon.com/eventbridge/pricing. They were written down from those pages, not fetched by
 * the benchmark: check them before quoting the result. Free tiers are left out.
 */
export const PRICES = {
  region: "us-east-1",
  asOf: "2025 list prices (Arm Lambda unchanged since its 2021 launch); not re-fetched by the benchmark",
  lambdaArmPerGbSecond: 0.0000133334,
  lambdaPerMillionRequests: 0.2,
  eventBridgeCustomEventsPerMillion: 1.0,
  /** Lambda gives one full vCPU at 1,769 MB and a proportional share below it. */
  fullVcpuAtMb: 1769,
  /** Since August 2025 the INIT phase of on-demand functions is billed as duration. */
  initBilled: true,
};

const MONTH_MINUTES = 30 * 24 * 60;
export const COST_SIZES = [10, 100, 1000] as const;
export const COST_INTERVALS_MIN = [1, 5] as const;
export const COST_MEMORY_MB = [128, 256] as const;

export interface CostRow {
  clusters: number;
  intervalMin: number;
  runsPerMonth: number;
  invocationsPerRun: number;
  /** Estimated billed seconds per run at each memory size (CPU share scaled). */
  billedSecondsPerRun: Record<string, number>;
  eventsPerRun: number;
  lambdaUsd: Record<string, number>;
  eventBridgeUsd: number;
  totalUsd: Record<string, number>;
  /** A run takes longer than the interval: runs would overlap. */
  overruns: boolean;
}

export interface CostResults {
  prices: typeof PRICES;
  coldStart: Record<string, { seconds: number; usd: number }>;
  assumptions: string[];
  rows: CostRow[];
}

const cpuShare = (memoryMb: number) => Math.min(1, memoryMb / PRICES.fullVcpuAtMb);

/**
 * Estimated Lambda duration of a warm run at `memoryMb`: the wall time measured here, or the
 * handler's CPU time stretched to the memory size's CPU share, whichever is longer. A 1- or
 * 5-minute schedule nearly always finds a warm environment; cold starts are priced apart.
 */
function billedSeconds(run: FanoutRun, memoryMb: number): number {
  return run.invocations.reduce(
    (s, inv) => s + Math.max(inv.invocationMs, inv.cpuMs / cpuShare(memoryMb)) / 1000,
    0,
  );
}

export function modelCost(fanout: FanoutResults, cold: ColdResults): CostResults {
  // Init as billed: the runtime's start and the module's load, which the cold poll measured as
  // spawn to first request (a little of the handler's own start is in it: an upper bound).
  const initMs = cold.variants[0]?.firstRequestMs ?? 0;
  const coldStart = Object.fromEntries(
    COST_MEMORY_MB.map((mb) => {
      const seconds = initMs / cpuShare(mb) / 1000;
      return [mb, { seconds, usd: seconds * (mb / 1024) * PRICES.lambdaArmPerGbSecond }];
    }),
  );
  const rows: CostRow[] = [];
  for (const clusters of COST_SIZES) {
    const run = fanout.runs.find(
      (r) => r.clusters === clusters && !r.whatIf && r.failedInvocations === 0,
    );
    if (!run) continue;
    for (const intervalMin of COST_INTERVALS_MIN) {
      const runsPerMonth = MONTH_MINUTES / intervalMin;
      const invocationsPerRun = run.invocations.length;
      const eventsPerRun = run.events;
      const billed: Record<string, number> = {};
      const lambda: Record<string, number> = {};
      const total: Record<string, number> = {};
      const eventBridgeUsd =
        (eventsPerRun * runsPerMonth * PRICES.eventBridgeCustomEventsPerMillion) / 1e6;
      for (const mb of COST_MEMORY_MB) {
        const seconds = billedSeconds(run, mb);
        billed[mb] = seconds;
        const gbSeconds = seconds * (mb / 1024) * runsPerMonth;
        lambda[mb] =
          gbSeconds * PRICES.lambdaArmPerGbSecond +
          (invocationsPerRun * runsPerMonth * PRICES.lambdaPerMillionRequests) / 1e6;
        total[mb] = (lambda[mb] ?? 0) + eventBridgeUsd;
      }
      rows.push({
        clusters,
        intervalMin,
        runsPerMonth,
        invocationsPerRun,
        billedSecondsPerRun: billed,
        eventsPerRun,
        lambdaUsd: lambda,
        eventBridgeUsd,
        totalUsd: total,
        // Shards run side by side: the run lasts as long as its slowest invocation.
        overruns:
          Math.max(
            ...run.invocations.map(
              (i) => Math.max(i.invocationMs, i.cpuMs / cpuShare(COST_MEMORY_MB[0])) / 1000,
            ),
          ) >
          intervalMin * 60,
      });
    }
  }
  const cold128 = coldStart["128"];
  return {
    prices: PRICES,
    coldStart,
    assumptions: [
      "poll-status only; the action and notify functions run per event, not per cluster. Above 500 clusters a run is the scheduled invocation plus one per shard, billed each.",
      `Duration: the warm fan-out run measured here (${fanout.latencyMs} ms per request, rate-limited), or its handler CPU time scaled to the memory size's CPU share (1 vCPU at ${PRICES.fullVcpuAtMb} MB), whichever is longer.`,
      `A cold start (init is billed) adds the measured ${initMs.toFixed(0)} ms of a full core, ≈ ${(cold128?.seconds ?? 0).toFixed(1)} s at 128 MB: $${(cold128?.usd ?? 0).toFixed(7)} each; even one per run would add under $${(((cold128?.usd ?? 0) * MONTH_MINUTES) / 1).toFixed(2)} a month at 1-minute runs.`,
      "Events: as many as the generated fleet published per run. It is a busy fleet (most clusters mid-upgrade, level events every run); an idle fleet publishes almost none.",
      "Not included: free tiers, CloudWatch Logs ingestion, the SQS delay queue (only on read failures), the schedule rule (free).",
    ],
    rows,
  };
}

const usd = (v: number | undefined) =>
  v === undefined ? "" : v < 0.01 ? `$${v.toFixed(4)}` : `$${v.toFixed(2)}`;

export function costTable(r: CostResults): Table {
  return {
    title: `5. Monthly cost model (poll-status on Arm Lambda + EventBridge, ${r.prices.region})`,
    head: [
      "clusters",
      "every",
      "runs/month",
      "billed s/run @128 MB",
      "events/run",
      "Lambda @128 MB",
      "Lambda @256 MB",
      "EventBridge",
      "total @128 MB",
      "total @256 MB",
    ],
    rows: r.rows.map((row) => [
      int(row.clusters),
      `${row.intervalMin} min`,
      int(row.runsPerMonth),
      `${(row.billedSecondsPerRun["128"] ?? 0).toFixed(2)} s${row.overruns ? " (overruns)" : ""}`,
      int(row.eventsPerRun),
      usd(row.lambdaUsd["128"]),
      usd(row.lambdaUsd["256"]),
      usd(row.eventBridgeUsd),
      usd(row.totalUsd["128"]),
      usd(row.totalUsd["256"]),
    ]),
    notes: [
      `Prices: Arm Lambda $${r.prices.lambdaArmPerGbSecond}/GB-s, $${r.prices.lambdaPerMillionRequests}/M requests; EventBridge custom events $${r.prices.eventBridgeCustomEventsPerMillion}/M (${r.prices.asOf}).`,
      ...r.assumptions,
    ],
  };
}
