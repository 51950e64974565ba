import type { Workspace } from "../lib/build.ts";
import { type EventBridgeStub, startEventBridgeStub } from "../lib/eventbridge-stub.ts";
import { baseEnv, type Fleet, pollEnv, scheduledEvent, startFleet } from "../lib/fleet.ts";
import { runChild } from "../lib/spawn.ts";
import { median } from "../lib/stats.ts";
import { mb, ratio, type Table } from "../lib/table.ts";

type Cloud = "alibaba" | "huawei";

export interface WarmVariant {
  name: string;
  cloud: Cloud;
  requests: number;
  /** Median over the repetitions; each is a fresh process. */
  cpuMsPerRequest: number;
  samples: number[];
  maxRssKb: number | null;
  /** Heap still live after a full collection at the end: what the process holds on to. */
  liveHeapKb: number | null;
}

export interface WarmResults {
  concurrency: number;
  repetitions: number;
  variants: WarmVariant[];
  /** poll path CPU per request ÷ the same cloud's SDK baseline. */
  pollAckVsAlibaba: number;
  pollCceVsHuawei: number;
}

export interface WarmScale {
  /** Requests measured per variant, after `warmup` requests that are not. */
  requests: number;
  warmup: number;
  /** Clusters per poll-status fleet; each invocation reads all of them. */
  clusters: number;
  repetitions: number;
}

const CONCURRENCY = 16;

const POLL = {
  alibaba: "poll-status path, ACK fleet",
  huawei: "poll-status path, CCE + Autopilot fleet",
};
const CLIENT = {
  alibaba: "shared/client alone, GetUpgradeStatus",
  huawei: "shared/client alone, ListUpgradeClusterTasks",
};
const SDK = {
  alibaba: "Alibaba SDK, GetUpgradeStatus (baseline)",
  huawei: "Huawei SDK core, ListUpgradeClusterTasks (baseline)",
};

interface Sample {
  cpuMsPerRequest: number;
  requests: number;
  maxRssKb: number | null;
  liveHeapKb: number | null;
}

/**
 * Warm cost: a fresh process per variant and repetition, warmed up, then CPU time (user +
 * system, that process only: the simulator runs in the parent) over a fixed number of provider
 * requests, at the poller's per-key concurrency. Repetitions alternate between variants, so
 * noise from the rest of the machine spreads over all of them; the median is reported.
 */
export async function measureWarm(ws: Workspace, scale: WarmScale): Promise<WarmResults> {
  const variants: WarmVariant[] = [];
  const stub = await startEventBridgeStub({ keep: false });
  try {
    for (const cloud of ["alibaba", "huawei"] as const) {
      const fleet = await startFleet({
        count: Math.round(scale.clusters * (cloud === "alibaba" ? 3 : 1.5)),
        accounts: 1,
        providers: cloud === "alibaba" ? ["ack"] : ["cce", "cce-autopilot"],
      });
      try {
        const runners = runnersFor(ws, fleet, stub, cloud, scale);
        const samples = new Map<string, Sample[]>();
        for (let rep = 0; rep < scale.repetitions; rep++) {
          for (const [name, run] of runners) {
            const list = samples.get(name) ?? [];
            list.push(await run());
            samples.set(name, list);
          }
        }
        for (const [name, list] of samples) {
          const pick = (f: (s: Sample) => number | null) => {
            const values = list.map(f).filter((v): v is number => v !== null);
            return values.length ? median(values) : null;
          };
          variants.push({
            name,
            cloud,
            requests: list[0]?.requests ?? 0,
            cpuMsPerRequest: median(list.map((s) => s.cpuMsPerRequest)),
            samples: list.map((s) => s.cpuMsPerRequest),
            maxRssKb: pick((s) => s.maxRssKb),
            liveHeapKb: pick((s) => s.liveHeapKb),
          });
        }
      } finally {
        await fleet.sim.close();
      }
    }
  } finally {
    await stub.close();
  }
  const cpu = (name: string) =>
    variants.find((v) => v.name === name)?.cpuMsPerRequest ?? Number.NaN;
  return {
    concurrency: CONCURRENCY,
    repetitions: scale.repetitions,
    variants,
    pollAckVsAlibaba: cpu(POLL.alibaba) / cpu(SDK.alibaba),
    pollCceVsHuawei: cpu(POLL.huawei) / cpu(SDK.huawei),
  };
}

function sampleOf(
  result: Record<string, unknown> | null,
  requests: number,
  maxRssKb: number | null,
): Sample {
  return {
    cpuMsPerRequest: Number(result?.cpuMs) / requests,
    requests,
    maxRssKb,
    liveHeapKb: typeof result?.liveHeapKb === "number" ? result.liveHeapKb : null,
  };
}

/** One runner per variant of a cloud: the poll path, the client alone, the SDK. */
function runnersFor(
  ws: Workspace,
  fleet: Fleet,
  stub: EventBridgeStub,
  cloud: Cloud,
  scale: WarmScale,
): [string, () => Promise<Sample>][] {
  const cred = fleet.info.credentials[0] as { ak: string; sk: string };
  const clusters = fleet.info.clusters
    .filter((c) => (cloud === "alibaba" ? c.provider === "ack" : c.provider === "cce"))
    .map((c) => ({ clusterId: c.clusterId, projectId: c.projectId ?? "" }));
  const common = {
    mode: "warm",
    endpoint: fleet.sim.url,
    ak: cred.ak,
    sk: cred.sk,
    warmup: scale.warmup,
    measured: scale.requests,
    concurrency: CONCURRENCY,
  };
  const oneCall = (file: string, job: unknown) => async () => {
    const from = fleet.sim.requests.length;
    const run = await runChild({ args: [file], env: baseEnv(), job, timeoutMs: 300_000 });
    const failed = fleet.sim.requests.slice(from).filter((r) => r.status !== 200).length;
    if (failed > 0) throw new Error(`${file}: ${failed} requests failed`);
    return sampleOf(run.result, scale.requests, run.maxRssKb);
  };
  return [
    [POLL[cloud], pollRunner(ws, fleet, stub, scale)],
    [CLIENT[cloud], oneCall(ws.children["signed-client"].file, { ...common, cloud, clusters })],
    cloud === "alibaba"
      ? [
          SDK.alibaba,
          oneCall(ws.children["alibaba-sdk"].file, {
            ...common,
            clusterIds: clusters.map((c) => c.clusterId),
          }),
        ]
      : [SDK.huawei, oneCall(ws.children["huawei-sdk"].file, { ...common, clusters })],
  ];
}

/**
 * The whole poll-status handler, invoked again and again on a frozen fleet: every invocation
 * makes the same requests, counted once by a probe invocation, so the measured invocations
 * cover about `scale.requests` requests.
 */
function pollRunner(
  ws: Workspace,
  fleet: Fleet,
  stub: EventBridgeStub,
  scale: WarmScale,
): () => Promise<Sample> {
  const poll = ws.functions.find((f) => f.name === "poll-status");
  if (!poll) throw new Error("no poll-status bundle");
  const env = pollEnv(fleet, stub, ws.dir, {});
  const event = scheduledEvent(fleet.t);
  let perInvocation: number | undefined;
  return async () => {
    if (perInvocation === undefined) {
      const from = fleet.sim.requests.length;
      await runChild({
        args: [ws.children.poll.file],
        env,
        job: { handler: poll.file, events: [event], warmup: 0 },
        timeoutMs: 120_000,
      });
      perInvocation = fleet.sim.requests.length - from;
    }
    const warmup = Math.max(1, Math.ceil(scale.warmup / perInvocation));
    const measured = Math.max(2, Math.round(scale.requests / perInvocation));
    const from = fleet.sim.requests.length;
    const run = await runChild({
      args: [ws.children.poll.file],
      env,
      job: { handler: poll.file, events: Array(warmup + measured).fill(event), warmup },
      timeoutMs: 300_000,
    });
    const sent = fleet.sim.requests.slice(from);
    if (sent.length !== perInvocation * (warmup + measured)) {
      throw new Error(`poll requests varied between invocations: ${sent.length}`);
    }
    const failed = sent.filter((r) => r.status !== 200).length;
    if (failed > 0) throw new Error(`${failed} poll requests failed in the warm run`);
    return sampleOf(run.result, perInvocation * measured, run.maxRssKb);
  };
}

export function warmTable(r: WarmResults): Table {
  const sdk = (cloud: Cloud) =>
    r.variants.find((v) => v.name === SDK[cloud])?.cpuMsPerRequest ?? Number.NaN;
  return {
    title: `3. Warm cost per provider request (steady state, ${r.concurrency} in flight, median of ${r.repetitions} process runs each)`,
    head: [
      "variant",
      "requests",
      "CPU per request",
      "÷ same cloud's SDK",
      "÷ Alibaba SDK",
      "peak RSS",
      "live heap after",
    ],
    rows: r.variants.map((v) => [
      v.name,
      v.requests.toLocaleString("en-US"),
      `${v.cpuMsPerRequest.toFixed(3)} ms`,
      ratio(v.cpuMsPerRequest / sdk(v.cloud)),
      ratio(v.cpuMsPerRequest / sdk("alibaba")),
      mb(v.maxRssKb),
      mb(v.liveHeapKb),
    ]),
    notes: [
      "CPU of the client process only (the simulator runs in the parent). The poll path is the",
      "whole handler per request: signing and HTTP, zod parsing of every response, mapping,",
      "decide, the limits and PutEvents through the AWS SDK to a loopback stub. The client-alone",
      "and SDK rows make one call and parse its JSON. Heap limits as Lambda sets them at 128 MB.",
      "Live heap after: heap in use after a forced full GC at the end; a client that keeps",
      "growing it pays more GC per request the longer it runs.",
    ],
  };
}
