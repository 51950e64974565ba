import { writeFileSync } from "node:fs";
import { availableParallelism, loadavg } from "node:os";
import { join } from "node:path";
import { configForSimulator, credentialSetName } from "../../infra/local/simConfig.ts";
import { entrySize } from "../../shared/events/fitEntry.ts";
import type { Workspace } from "../lib/build.ts";
import {
  type EventBridgeStub,
  eventBridgeEnv,
  startEventBridgeStub,
} from "../lib/eventbridge-stub.ts";
import { baseEnv, type Fleet, scheduledEvent, startFleet } from "../lib/fleet.ts";
import { runChild } from "../lib/spawn.ts";
import { int, kb, ms, type Table } from "../lib/table.ts";
import { accountsFor, type FanoutResults, LATENCY_MS, RATE_LIMIT } from "./fanout.ts";

/** One fleet size, found by discovery instead of listed. */
export interface DiscoveryRun {
  clusters: number;
  accounts: number;
  sources: number;
  /** List calls (ListClusters, ListAutopilotClusters, DescribeClustersV1 pages). */
  requests: number;
  throttled: number;
  /** The listing alone, as the handler reports it (`discovery.tookMs`). */
  listMs: number;
  /** The whole scheduled invocation: list, judge, publish the shard requests. */
  invocationMs: number;
  cpuMs: number;
  inventory: number;
  /** Poll Shard Requested entries the scheduled run published, and the largest one. */
  shards: number;
  largestShardEntryBytes: number;
  /** The same fleet's poll run (section 4, same latency and rate limit): its requests and wall. */
  pollRequests: number | null;
  pollWallMs: number | null;
}

export interface DiscoveryResults {
  /** The machine's 1-minute load average and cores when measured: wall times stretch with it. */
  loadAverage: number;
  cores: number;
  latencyMs: number;
  rateLimit: typeof RATE_LIMIT;
  runs: DiscoveryRun[];
}

/**
 * Discovery's share of a run: the generated fleet of section 4 (same seed, three keys per 250
 * clusters, 50 ms per request, 20 requests a second per key at the gateway, the pace set to it),
 * every cluster found by discovery (one source per key and provider family, over the regions and
 * projects of its clusters) instead of listed. The bundled poll-status handles the scheduled
 * event in a fresh process, as Lambda would, with the simulator in this one: it lists, merges,
 * judges and publishes one Poll Shard Requested per run of the inventory, carrying its
 * discovered clusters. That invocation is what discovery adds to a run: the shards then read
 * as in section 4.
 */
export async function measureDiscovery(
  ws: Workspace,
  sizes: number[],
  fanout: FanoutResults | undefined,
): Promise<DiscoveryResults> {
  const poll = ws.functions.find((f) => f.name === "poll-status");
  if (!poll) throw new Error("no poll-status bundle");
  const stub = await startEventBridgeStub();
  const runs: DiscoveryRun[] = [];
  const loads: number[] = [];
  try {
    for (const clusters of sizes) {
      loads.push(loadavg()[0] ?? 0);
      const accounts = accountsFor(clusters);
      const fleet = await startFleet({
        count: clusters,
        accounts,
        latencyMs: LATENCY_MS,
        rateLimit: RATE_LIMIT,
      });
      try {
        const env = discoveryEnv(fleet, stub, ws.dir);
        stub.reset();
        const run = await runChild({
          args: [ws.children.poll.file],
          env,
          job: { handler: poll.file, events: [scheduledEvent(fleet.t)], warmup: 0 },
          timeoutMs: 300_000,
        });
        const result = run.result as {
          invocations: { ms: number; cpuMs: number; summary: Record<string, unknown> }[];
        };
        const invocation = result.invocations[0];
        const summary = invocation?.summary as {
          discovery?: { sources: number; inventory: number; tookMs: number };
        };
        const entries = stub.entries();
        const shards = entries.filter((e) => e.detailType === "Poll Shard Requested");
        const listCalls = fleet.sim.requests.filter((r) =>
          ["ListClusters", "DescribeClustersV1"].includes(r.operation ?? ""),
        );
        const pollRun = fanout?.runs.find((r) => r.clusters === clusters && !r.whatIf);
        runs.push({
          clusters,
          accounts,
          sources: summary.discovery?.sources ?? 0,
          requests: listCalls.length,
          throttled: listCalls.filter((r) => r.status === 429 || r.status === 400).length,
          listMs: summary.discovery?.tookMs ?? 0,
          invocationMs: invocation?.ms ?? 0,
          cpuMs: invocation?.cpuMs ?? 0,
          inventory: summary.discovery?.inventory ?? 0,
          shards: shards.length,
          largestShardEntryBytes: Math.max(
            0,
            ...shards.map((e) =>
              entrySize({
                Source: "upgrade-shepherd",
                DetailType: e.detailType,
                Detail: JSON.stringify(e.detail),
                Time: new Date(e.time),
                EventBusName: "upgrade-shepherd",
              }),
            ),
          ),
          pollRequests: pollRun?.requests ?? null,
          pollWallMs: pollRun?.wallMs ?? null,
        });
      } finally {
        await fleet.sim.close();
      }
    }
  } finally {
    await stub.close();
  }
  const loadAverage = Math.max(...loads);
  return {
    loadAverage,
    cores: availableParallelism(),
    latencyMs: LATENCY_MS,
    rateLimit: RATE_LIMIT,
    runs,
  };
}

/** The child's environment: discovery sources only (no cluster listed), in a config file. */
function discoveryEnv(fleet: Fleet, stub: EventBridgeStub, dir: string): NodeJS.ProcessEnv {
  const { env } = configForSimulator(fleet.info);
  const file = join(dir, `discover-${fleet.scenario.clusters.length}.json`);
  writeFileSync(
    file,
    JSON.stringify({
      poll: { concurrency: { requestsPerSecond: RATE_LIMIT.requestsPerSecond } },
      discover: sourcesOf(fleet.scenario.clusters, fleet.info.url),
    }),
  );
  return {
    ...baseEnv(),
    ...env,
    SHEPHERD_CONFIG_FILE: file,
    ...eventBridgeEnv(stub),
    POWERTOOLS_LOG_LEVEL: "SILENT",
    POWERTOOLS_METRICS_DISABLED: "true",
    POWERTOOLS_SERVICE_NAME: "upgrade-shepherd",
  };
}

/** One source per key and provider family, over the places its clusters are in. */
function sourcesOf(
  clusters: {
    provider: string;
    region: string;
    projectId?: string | undefined;
    credentials?: string | undefined;
  }[],
  endpoint: string,
) {
  const out: Record<string, Record<string, unknown>[]> = { cce: [], "cce-autopilot": [], ack: [] };
  const groups = new Map<string, typeof clusters>();
  for (const c of clusters) {
    const key = `${c.provider}|${c.credentials}`;
    groups.set(key, [...(groups.get(key) ?? []), c]);
  }
  for (const [key, members] of groups) {
    const [provider, ak] = key.split("|") as [string, string];
    const name = `${provider}-${credentialSetName(ak)}`.slice(0, 63).replace(/-+$/, "");
    const base = { name, credentials: credentialSetName(ak), endpoint };
    const list = out[provider] as Record<string, unknown>[];
    if (provider === "ack") {
      list.push({ ...base, regions: [...new Set(members.map((m) => m.region))].sort() });
    } else {
      const projects = [...new Set(members.map((m) => `${m.region}|${m.projectId}`))].sort();
      list.push({
        ...base,
        projects: projects.map((p) => {
          const [region, projectId] = p.split("|");
          return { region, projectId };
        }),
      });
    }
  }
  return out;
}

export function discoveryTable(r: DiscoveryResults | undefined): Table {
  const share = (part: number, whole: number | null) =>
    whole === null ? "-" : `${((100 * part) / (part + whole)).toFixed(1)}%`;
  return {
    title: `7. Discovery's share of a run (every cluster discovered; ${r?.latencyMs ?? LATENCY_MS} ms per request, ${RATE_LIMIT.requestsPerSecond} req/s per key)`,
    head: [
      "clusters",
      "keys",
      "sources",
      "list calls",
      "429s",
      "listing",
      "scheduled invocation",
      "its CPU",
      "share of the run's requests",
      "share of the run's wall",
      "shard requests",
      "largest shard entry",
    ],
    rows: (r?.runs ?? []).map((x) => [
      int(x.clusters),
      int(x.accounts),
      int(x.sources),
      int(x.requests),
      int(x.throttled),
      ms(x.listMs),
      ms(x.invocationMs),
      ms(x.cpuMs),
      share(x.requests, x.pollRequests),
      share(x.invocationMs, x.pollWallMs),
      int(x.shards),
      kb(x.largestShardEntryBytes),
    ]),
    notes: [
      "One source per key and provider family over the regions and projects of its clusters (one ListClusters per Huawei project, one DescribeClustersV1 page per 50 ACK clusters per region), listed before the scheduled run fans out.",
      "Scheduled invocation: the bundled poll-status in a fresh process (init excluded), listing, judging and publishing the shard requests; listing: the handler's own figure for the list calls. Shares: its list calls and its invocation time against the same fleet's poll run in section 4 (its requests, and its wall from the first process to the last exit), discovery added to it.",
      "Shard requests: the Poll Shard Requested entries that then carry each run's discovered clusters, each under EventBridge's 256 KB.",
      `Measured at a load average of ${r?.loadAverage.toFixed(1) ?? "?"} on ${r?.cores ?? "?"} cores (a shared machine): the wall times stretch with the load, the call counts do not.`,
      "Run alone with `npx tsx bench/run.ts --section discovery`.",
    ],
  };
}
