import type { Workspace } from "../lib/build.ts";
import { startEventBridgeStub } from "../lib/eventbridge-stub.ts";
import { baseEnv, pollEnv, scheduledEvent, startFleet } from "../lib/fleet.ts";
import { runChild } from "../lib/spawn.ts";
import { median, percentile } from "../lib/stats.ts";
import { mb, ms, ratio, type Table } from "../lib/table.ts";
import { startTap } from "../lib/tap.ts";

export interface ColdVariant {
  name: string;
  /** Median from process start to the first request byte at the simulator; null for `node -e 0`. */
  firstRequestMs: number | null;
  firstRequestP90Ms: number | null;
  wallMs: number;
  wallP90Ms: number;
  maxRssKb: number | null;
  runs: number;
}

export interface ColdResults {
  runs: number;
  variants: ColdVariant[];
  /** poll-status (ACK) first request ÷ the Alibaba SDK's, both medians. */
  pollVsAlibabaFirstRequest: number;
}

interface Spec {
  name: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  job?: unknown;
  makesRequest: boolean;
}

/**
 * Cold start: a fresh `node` per run, interleaved across variants so drift on the machine hits
 * them alike. "First request" is timed at a TCP tap in front of the simulator, from just before
 * spawn; "wall" is spawn to exit. Every variant exits right after its call returns.
 */
export async function measureColdStart(ws: Workspace, runs: number): Promise<ColdResults> {
  const fleet = await startFleet({ count: 3, accounts: 1 });
  const tap = await startTap(fleet.sim.port);
  const stub = await startEventBridgeStub();
  try {
    const poll = ws.functions.find((f) => f.name === "poll-status");
    if (!poll) throw new Error("no poll-status bundle");
    const cred = fleet.info.credentials[0] as { ak: string; sk: string };
    const ack = fleet.info.clusters.find((c) => c.provider === "ack");
    const cce = fleet.info.clusters.find((c) => c.provider === "cce");
    if (!ack || !cce) throw new Error("the fleet lacks an ACK or CCE cluster");
    const one = (c: typeof ack) => ({
      ...fleet,
      info: { ...fleet.info, clusters: [c] },
    });
    const pollJob = { handler: poll.file, events: [scheduledEvent(fleet.t)], warmup: 0 };
    const sdkJob = {
      mode: "cold",
      endpoint: tap.url,
      ak: cred.ak,
      sk: cred.sk,
      warmup: 0,
      measured: 1,
      concurrency: 1,
    };
    const specs: Spec[] = [
      {
        name: "poll-status bundle, one ACK cluster",
        args: [ws.children.poll.file],
        env: pollEnv(one(ack), stub, ws.dir, {}, tap.url),
        job: pollJob,
        makesRequest: true,
      },
      {
        name: "poll-status bundle, one CCE cluster",
        args: [ws.children.poll.file],
        env: pollEnv(one(cce), stub, ws.dir, {}, tap.url),
        job: pollJob,
        makesRequest: true,
      },
      {
        name: "shared/client alone, ACK GetUpgradeStatus",
        args: [ws.children["signed-client"].file],
        env: baseEnv(),
        job: { ...sdkJob, cloud: "alibaba", clusters: [{ clusterId: ack.clusterId }] },
        makesRequest: true,
      },
      {
        name: "Alibaba SDK, GetUpgradeStatus (baseline)",
        args: [ws.children["alibaba-sdk"].file],
        env: baseEnv(),
        job: { ...sdkJob, clusterIds: [ack.clusterId] },
        makesRequest: true,
      },
      {
        name: "Huawei SDK core, CCE GET (baseline)",
        args: [ws.children["huawei-sdk"].file],
        env: baseEnv(),
        job: {
          ...sdkJob,
          clusters: [{ projectId: cce.projectId ?? "", clusterId: cce.clusterId }],
        },
        makesRequest: true,
      },
      { name: "node -e 0 (floor)", args: ["-e", "0"], env: baseEnv(), makesRequest: false },
    ];
    const samples = specs.map(() => ({
      first: [] as number[],
      wall: [] as number[],
      rss: [] as number[],
    }));
    // One untimed round first: the page cache, not the code, would otherwise win the first run.
    for (let round = -1; round < runs; round++) {
      for (const [i, spec] of specs.entries()) {
        tap.reset();
        const run = await runChild({ ...spec, timeoutMs: 60_000 });
        const first = tap.firstRequestAt();
        if (spec.makesRequest && first === undefined) {
          throw new Error(`${spec.name}: no request reached the simulator`);
        }
        if (round < 0) continue;
        const s = samples[i];
        if (!s) continue;
        if (first !== undefined) s.first.push(first - run.startedAt);
        s.wall.push(run.wallMs);
        if (run.maxRssKb !== null) s.rss.push(run.maxRssKb);
      }
    }
    const variants = specs.map((spec, i): ColdVariant => {
      const s = samples[i] ?? { first: [], wall: [], rss: [] };
      return {
        name: spec.name,
        firstRequestMs: s.first.length ? median(s.first) : null,
        firstRequestP90Ms: s.first.length ? percentile(s.first, 90) : null,
        wallMs: median(s.wall),
        wallP90Ms: percentile(s.wall, 90),
        maxRssKb: s.rss.length ? median(s.rss) : null,
        runs: s.wall.length,
      };
    });
    const pollAck = variants[0]?.firstRequestMs ?? Number.NaN;
    const alibaba = variants[3]?.firstRequestMs ?? Number.NaN;
    return { runs, variants, pollVsAlibabaFirstRequest: pollAck / alibaba };
  } finally {
    await tap.close();
    await stub.close();
    await fleet.sim.close();
  }
}

export function coldTable(r: ColdResults): Table {
  const alibaba = r.variants[3];
  const floor = r.variants[5];
  return {
    title: `2. Cold start (fresh node process, median of ${r.runs} runs each, interleaved)`,
    head: [
      "variant",
      "to first request",
      "÷ Alibaba SDK",
      "whole process",
      "÷ Alibaba SDK",
      "÷ node -e 0",
      "peak RSS",
    ],
    rows: r.variants.map((v) => [
      v.name,
      v.firstRequestMs === null ? "" : ms(v.firstRequestMs),
      v.firstRequestMs === null || !alibaba?.firstRequestMs
        ? ""
        : ratio(v.firstRequestMs / alibaba.firstRequestMs),
      ms(v.wallMs),
      alibaba ? ratio(v.wallMs / alibaba.wallMs) : "",
      floor ? ratio(v.wallMs / floor.wallMs) : "",
      mb(v.maxRssKb),
    ]),
    notes: [
      "First request: from just before spawn to the first request byte at a TCP tap before the",
      "simulator. Whole process: spawn to exit, one poll (1–3 requests) or one call, then exit.",
    ],
  };
}
