import { cpus } from "node:os";
import { clusterKey } from "../../shared/model/clusterIdentity.ts";
import { shardCount } from "../../shared/poll/shards.ts";
import type { Workspace } from "../lib/build.ts";
import { type EventBridgeStub, startEventBridgeStub } from "../lib/eventbridge-stub.ts";
import { busEvent, type Fleet, pollEnv, scheduledEvent, startFleet } from "../lib/fleet.ts";
import { LAMBDA_MEMORY_MB, runChild } from "../lib/spawn.ts";
import { int, mb, ms, ratio, type Table } from "../lib/table.ts";

/** Injected per request, as a cloud API's own latency. */
export const LATENCY_MS = 50;
/**
 * Per access key, all operations together. Neither cloud publishes a figure for these
 * operations (each account's quota console shows its own); both publish per-API defaults of
 * 10–20 requests per second for comparable read APIs, and the simulator counts every operation
 * of a key against one bucket, which is stricter than the gateways' per-API counters.
 */
export const RATE_LIMIT = { requestsPerSecond: 20, burst: 20 };
/** The poller's defaults (`poll.concurrency`, `poll.shardSize`). */
export const LIMITS = { perProvider: 64, perCredentialSet: 16, clustersInFlight: 256 };
export const DEFAULT_SHARD_SIZE = 500;

/** One account (access key) per ~83 clusters, and never one key across two provider families. */
export const accountsFor = (clusters: number): number => 3 * Math.max(1, Math.ceil(clusters / 250));

export interface Invocation {
  kind: "whole" | "schedule" | "shard";
  index: number;
  clusters: number;
  /** Spawn to exit, as the parent saw it: init and invocation. */
  processMs: number;
  initMs: number;
  invocationMs: number;
  /** The handler's CPU time, and the whole process's (init included). */
  cpuMs: number;
  cpuTotalMs: number;
  maxRssKb: number | null;
  readErrors: number;
  /** Why the process failed (e.g. out of memory), when it did. */
  failed?: string;
}

export interface FanoutRun {
  clusters: number;
  /** Requests in flight per credential set: the default (16) unless the case overrides it. */
  perCredentialSet: number;
  /** A row with settings other than the defaults: shown, but not held against the goals. */
  whatIf: boolean;
  accounts: number;
  sharded: boolean;
  shardSize: number;
  invocations: Invocation[];
  requests: number;
  throttled: number;
  otherFailures: number;
  clustersRead: number;
  readErrors: number;
  retryRequests: number;
  concurrency: number;
  latencyBoundMs: number;
  rateBoundMs: number;
  idealMs: number;
  /** From the first process spawned to the last one's exit. */
  wallMs: number;
  ratio: number;
  /** All processes' CPU time over this machine's cores: what 2 cores cannot beat. */
  machineFloorMs: number;
  peakRssKb: number | null;
  events: number;
  putEventsCalls: number;
  putEventsPerEvent: number;
  failedInvocations: number;
}

export interface FanoutResults {
  latencyMs: number;
  rateLimit: typeof RATE_LIMIT;
  limits: typeof LIMITS;
  cores: number;
  runs: FanoutRun[];
}

/**
 * A fleet size. Deployed defaults decide the rest: above `poll.shardSize` (500) the scheduled
 * run fans out into shard invocations, each a process of its own.
 */
export interface FanoutCase {
  clusters: number;
  /** Poll settings other than the defaults, for a what-if row (the goals use the defaults). */
  poll?: { concurrency: { perCredentialSet: number } };
}

/**
 * Fan-out at scale: the real bundled poll-status, one fresh process per invocation as Lambda
 * would start it, against a simulator with cloud latency and per-key rate limits.
 */
export async function measureFanout(ws: Workspace, cases: FanoutCase[]): Promise<FanoutResults> {
  const stub = await startEventBridgeStub();
  const runs: FanoutRun[] = [];
  try {
    for (const c of cases) runs.push(await runCase(ws, stub, c));
  } finally {
    await stub.close();
  }
  return {
    latencyMs: LATENCY_MS,
    rateLimit: RATE_LIMIT,
    limits: LIMITS,
    cores: cpus().length,
    runs,
  };
}

async function runCase(ws: Workspace, stub: EventBridgeStub, c: FanoutCase): Promise<FanoutRun> {
  const accounts = accountsFor(c.clusters);
  const fleet = await startFleet({
    count: c.clusters,
    accounts,
    latencyMs: LATENCY_MS,
    rateLimit: RATE_LIMIT,
  });
  try {
    const poll = ws.functions.find((f) => f.name === "poll-status");
    if (!poll) throw new Error("no poll-status bundle");
    const shardSize = DEFAULT_SHARD_SIZE;
    const sharded = c.clusters > shardSize;
    // The poller's defaults, with its pace set to the accounts' rate limit, as an operator sets
    // `requestsPerSecond` to their account's.
    const env = pollEnv(fleet, stub, ws.dir, {
      concurrency: {
        requestsPerSecond: RATE_LIMIT.requestsPerSecond,
        ...(c.poll?.concurrency ?? {}),
      },
    });
    stub.reset();
    const invoke = async (
      kind: Invocation["kind"],
      index: number,
      event: unknown,
    ): Promise<Invocation> => {
      try {
        const run = await runChild({
          args: [ws.children.poll.file],
          env,
          job: { handler: poll.file, events: [event], warmup: 0 },
          timeoutMs: 600_000,
        });
        const list = run.result?.invocations as
          | { ms: number; cpuMs: number; summary: Record<string, number> }[]
          | undefined;
        const inv = list?.[0];
        return {
          kind,
          index,
          clusters: Number(inv?.summary.clustersRead ?? 0),
          processMs: run.wallMs,
          initMs: Number(run.result?.initMs),
          invocationMs: inv?.ms ?? Number.NaN,
          cpuMs: inv?.cpuMs ?? Number.NaN,
          cpuTotalMs: Number(run.result?.cpuTotalMs),
          maxRssKb: run.maxRssKb,
          readErrors: Number(inv?.summary.errors ?? 0),
        };
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        return {
          kind,
          index,
          clusters: 0,
          processMs: Number.NaN,
          initMs: Number.NaN,
          invocationMs: Number.NaN,
          cpuMs: 0,
          cpuTotalMs: 0,
          maxRssKb: null,
          readErrors: 0,
          failed: /heap out of memory|Allocation failed/i.test(message)
            ? "out of memory"
            : message.slice(0, 300),
        };
      }
    };
    const started = performance.now();
    const invocations: Invocation[] = [];
    const first = await invoke(sharded ? "schedule" : "whole", 0, scheduledEvent(fleet.t));
    invocations.push(first);
    if (sharded) {
      // Every shard at once, as the bus delivers them: the accounts' rate limits are shared.
      const requests = stub.entries().filter((e) => e.detailType === "Poll Shard Requested");
      const shards = await Promise.all(
        requests.map((e) =>
          invoke("shard", Number((e.detail.shard as { index: number }).index), busEvent(e)),
        ),
      );
      invocations.push(...shards.sort((a, b) => a.index - b.index));
    }
    const wallMs = performance.now() - started;
    return summarize(fleet, stub, c, accounts, shardSize, sharded, invocations, wallMs);
  } finally {
    await fleet.sim.close();
  }
}

function summarize(
  fleet: Fleet,
  stub: EventBridgeStub,
  c: FanoutCase,
  accounts: number,
  shardSize: number,
  sharded: boolean,
  invocations: Invocation[],
  wallMs: number,
): FanoutRun {
  const log = fleet.sim.requests;
  const ok = log.filter((r) => r.status === 200);
  const perKey = new Map<string, number>();
  for (const r of ok) perKey.set(r.ak ?? "", (perKey.get(r.ak ?? "") ?? 0) + 1);
  const inFlightPerKey = c.poll?.concurrency.perCredentialSet ?? LIMITS.perCredentialSet;
  const concurrency = concurrencyOf(fleet, shardSize, inFlightPerKey);
  const latencyBoundMs = (ok.length / concurrency) * LATENCY_MS;
  const rateBoundMs = (Math.max(0, ...perKey.values()) / RATE_LIMIT.requestsPerSecond) * 1000;
  const idealMs = Math.max(latencyBoundMs, rateBoundMs);
  const entries = stub.entries();
  const rss = invocations.map((i) => i.maxRssKb).filter((v): v is number => v !== null);
  const cpuTotal = invocations.reduce((n, i) => n + i.cpuTotalMs, 0);
  return {
    clusters: c.clusters,
    perCredentialSet: c.poll?.concurrency.perCredentialSet ?? LIMITS.perCredentialSet,
    whatIf: c.poll !== undefined,
    accounts,
    sharded,
    shardSize,
    invocations,
    requests: ok.length,
    throttled: log.filter((r) => r.status === 429 || r.errorCode === "Throttling.User").length,
    otherFailures: log.filter(
      (r) => r.status !== 200 && r.status !== 429 && r.errorCode !== "Throttling.User",
    ).length,
    clustersRead: invocations.reduce((n, i) => n + i.clusters, 0),
    readErrors: invocations.reduce((n, i) => n + i.readErrors, 0),
    retryRequests: entries.filter((e) => e.detailType === "Poll Retry Requested").length,
    concurrency,
    latencyBoundMs,
    rateBoundMs,
    idealMs,
    wallMs,
    ratio: wallMs / idealMs,
    machineFloorMs: cpuTotal / cpus().length,
    peakRssKb: rss.length ? Math.max(...rss) : null,
    events: entries.length,
    putEventsCalls: stub.calls(),
    putEventsPerEvent: entries.length ? stub.calls() / entries.length : 0,
    failedInvocations: invocations.filter((i) => i.failed).length,
  };
}

/**
 * The most requests the poller can have in flight under its limits: per invocation, each
 * credential set holds min(16, its clusters) and each provider min(64, the sum of its sets);
 * invocations that run at once (shards) add up.
 */
function concurrencyOf(fleet: Fleet, shardSize: number, perKey: number): number {
  const clusters = fleet.info.clusters
    .map((c) => ({
      provider: c.provider,
      key: clusterKey(c),
      credentials: fleet.info.clusterCredentials?.[c.clusterId] ?? "",
    }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const count = shardCount(clusters.length, shardSize);
  const size = Math.ceil(clusters.length / count);
  let total = 0;
  for (let s = 0; s < count; s++) {
    const perSet = new Map<string, { provider: string; n: number }>();
    for (const c of clusters.slice(s * size, (s + 1) * size)) {
      const k = `${c.provider}|${c.credentials}`;
      perSet.set(k, { provider: c.provider, n: (perSet.get(k)?.n ?? 0) + 1 });
    }
    const perProvider = new Map<string, number>();
    for (const { provider, n } of perSet.values()) {
      perProvider.set(provider, (perProvider.get(provider) ?? 0) + Math.min(perKey, n));
    }
    let inShard = 0;
    for (const n of perProvider.values()) inShard += Math.min(LIMITS.perProvider, n);
    total += Math.min(LIMITS.clustersInFlight, inShard);
  }
  return total;
}

export function fanoutTable(r: FanoutResults): Table {
  const shardNotes = r.runs
    .filter((run) => run.sharded && !run.whatIf)
    .map((run) => {
      const shards = run.invocations.filter((i) => i.kind === "shard");
      const rss = shards.map((i) => i.maxRssKb ?? 0);
      const floor = Math.max(run.idealMs, run.machineFloorMs);
      return `${int(run.clusters)} sharded: ${shards.length} shards of ≤ ${run.shardSize} (each holds the whole ${int(run.clusters)}-cluster config), peak RSS ${mb(Math.min(...rss))}–${mb(Math.max(...rss))}. All processes' CPU ÷ ${r.cores} cores here = ${ms(run.machineFloorMs)}: wall ÷ max(ideal, that) = ${ratio(run.wallMs / floor)}.`;
    });
  return {
    title: `4. Fan-out (${r.latencyMs} ms per request, ${r.rateLimit.requestsPerSecond} req/s per key, burst ${r.rateLimit.burst}; default limits ${r.limits.perProvider}/provider, ${r.limits.perCredentialSet}/key)`,
    head: [
      "clusters",
      "keys",
      "invocations",
      "requests",
      "429s",
      "read errors",
      "wall",
      "ideal",
      "bound",
      "wall ÷ ideal",
      "slowest invocation",
      "peak RSS",
      "PutEvents per event",
    ],
    rows: r.runs.map((run) => {
      const ok = run.invocations.filter((i) => !i.failed);
      const slowest = Math.max(...ok.map((i) => i.processMs));
      const failed = run.failedInvocations
        ? ` (${run.failedInvocations} failed: ${run.invocations.find((i) => i.failed)?.failed})`
        : "";
      return [
        `${int(run.clusters)}${run.sharded ? " (sharded)" : ""}${run.whatIf ? `, ${run.perCredentialSet}/key` : ""}`,
        String(run.accounts),
        `${run.invocations.length}${failed}`,
        int(run.requests),
        int(run.throttled),
        int(run.readErrors),
        ms(run.wallMs),
        ms(run.idealMs),
        run.rateBoundMs >= run.latencyBoundMs ? "rate" : "latency",
        ratio(run.ratio),
        ms(slowest),
        mb(run.peakRssKb),
        run.putEventsPerEvent.toFixed(3),
      ];
    }),
    notes: [
      "Wall: first process spawned to last exit, cold starts included; shards run at once.",
      "Ideal: max(requests ÷ concurrency × latency, the busiest key's requests ÷ its rate limit).",
      "A row marked n/key sets poll.concurrency.perCredentialSet to n (what-if; goals use the defaults).",
      `Keys: one access key per ~83 clusters, each serving one provider family. Heap limits as Lambda sets them at ${LAMBDA_MEMORY_MB} MB.`,
      ...shardNotes,
    ],
  };
}
