import type { Workspace } from "../lib/build.ts";
import { startEventBridgeStub } from "../lib/eventbridge-stub.ts";
import { pollEnv, scheduledEvent, startFleet } from "../lib/fleet.ts";
import { runChild } from "../lib/spawn.ts";
import { linearFit, median } from "../lib/stats.ts";
import { mb, type Table } from "../lib/table.ts";
import { accountsFor } from "./fanout.ts";

export interface MemoryPoint {
  clusters: number;
  peakRssKb: number;
  liveHeapKb: number | null;
}

export interface MemoryResults {
  sizes: number[];
  repetitions: number;
  points: MemoryPoint[];
  /** Least squares over every point: peak RSS ≈ baseKb + kbPerCluster × clusters. */
  fit: { kbPerCluster: number; baseKb: number; r2: number };
  /** The same over the lower and the upper half of the sizes: a growing slope is superlinear. */
  lowerKbPerCluster: number;
  upperKbPerCluster: number;
}

/**
 * Memory per invocation against the clusters it reads: one fresh process per invocation, from
 * 50 clusters up to the largest shard (500), with no latency and no rate limit, so that nothing
 * but the fleet's size changes between runs.
 */
export async function measureMemory(
  ws: Workspace,
  sizes: number[],
  repetitions: number,
): Promise<MemoryResults> {
  const poll = ws.functions.find((f) => f.name === "poll-status");
  if (!poll) throw new Error("no poll-status bundle");
  const stub = await startEventBridgeStub({ keep: false });
  const points: MemoryPoint[] = [];
  try {
    for (let rep = 0; rep < repetitions; rep++) {
      for (const clusters of sizes) {
        const fleet = await startFleet({ count: clusters, accounts: accountsFor(clusters) });
        try {
          const run = await runChild({
            args: [ws.children.poll.file],
            env: pollEnv(fleet, stub, ws.dir, {}),
            job: { handler: poll.file, events: [scheduledEvent(fleet.t)], warmup: 0 },
            timeoutMs: 120_000,
          });
          const live = run.result?.liveHeapKb;
          if (run.maxRssKb !== null) {
            points.push({
              clusters,
              peakRssKb: run.maxRssKb,
              liveHeapKb: typeof live === "number" ? live : null,
            });
          }
        } finally {
          await fleet.sim.close();
        }
      }
    }
  } finally {
    await stub.close();
  }
  const xy = (list: MemoryPoint[]) => list.map((p) => ({ x: p.clusters, y: p.peakRssKb }));
  const mid = median(sizes);
  const fit = linearFit(xy(points));
  return {
    sizes,
    repetitions,
    points,
    fit: { kbPerCluster: fit.slope, baseKb: fit.intercept, r2: fit.r2 },
    lowerKbPerCluster: linearFit(xy(points.filter((p) => p.clusters <= mid))).slope,
    upperKbPerCluster: linearFit(xy(points.filter((p) => p.clusters >= mid))).slope,
  };
}

export function memoryTable(r: MemoryResults): Table {
  return {
    title: `4b. Memory per invocation against its clusters (a fresh process per run, ${r.repetitions} runs per size, no latency or rate limit)`,
    head: ["clusters read", "peak RSS (median)", "live heap after (median)"],
    rows: r.sizes.map((size) => {
      const at = r.points.filter((p) => p.clusters === size);
      const live = at.map((p) => p.liveHeapKb).filter((v): v is number => v !== null);
      return [
        size.toLocaleString("en-US"),
        mb(median(at.map((p) => p.peakRssKb))),
        live.length ? mb(median(live)) : "n/a",
      ];
    }),
    notes: [
      `Fit over all runs: peak RSS ≈ ${mb(r.fit.baseKb)} + ${r.fit.kbPerCluster.toFixed(1)} KB × clusters (R² ${r.fit.r2.toFixed(3)}).`,
      `Slope over the lower half of the sizes ${r.lowerKbPerCluster.toFixed(1)} KB/cluster, over the upper half ${r.upperKbPerCluster.toFixed(1)} KB/cluster.`,
      "An invocation never reads more than poll.shardSize (at most 500) clusters; larger fleets are sharded.",
    ],
  };
}
