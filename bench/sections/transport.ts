import { join } from "node:path";
import { build } from "esbuild";
import { TRANSPORT_FILES, TRANSPORTS, type TransportName } from "../children/transports.ts";
import { buildChild, type Workspace } from "../lib/build.ts";
import { baseEnv, startFleet } from "../lib/fleet.ts";
import { runChild } from "../lib/spawn.ts";
import { median } from "../lib/stats.ts";
import { mb, ratio, type Table } from "../lib/table.ts";

const root = new URL("../../", import.meta.url).pathname;
const CONCURRENCY = 16;

export interface TransportVariant {
  transport: TransportName;
  requests: number;
  /** Median over the repetitions; each is a fresh process. */
  cpuMsPerRequest: number;
  samples: number[];
  maxRssKb: number | null;
  /** Minified bytes the stack adds to a bundle (product: the whole shared/client). */
  bundleBytes: number;
}

export interface TransportResults {
  date: string;
  concurrency: number;
  repetitions: number;
  variants: TransportVariant[];
}

/**
 * The signed client alone through each HTTP stack: CPU per request in steady state (the warm
 * section's method: a fresh process per stack and repetition, alternating, median reported), and
 * what each stack weighs in a bundle built like a function's.
 */
export async function measureTransport(
  ws: Pick<Workspace, "dir">,
  scale: { requests: number; warmup: number; clusters: number; repetitions: number },
): Promise<TransportResults> {
  const child = await buildChild(ws.dir, "transport");
  const fleet = await startFleet({ count: scale.clusters, accounts: 1, providers: ["cce"] });
  const samples = new Map<TransportName, { cpu: number; rss: number | null }[]>();
  try {
    const cred = fleet.info.credentials[0] as { ak: string; sk: string };
    const clusters = fleet.info.clusters
      .filter((c) => c.provider === "cce")
      .map((c) => ({ clusterId: c.clusterId, projectId: c.projectId ?? "" }));
    for (let rep = 0; rep < scale.repetitions; rep++) {
      for (const transport of TRANSPORTS) {
        const from = fleet.sim.requests.length;
        const run = await runChild({
          args: [child.file],
          env: baseEnv(),
          job: {
            transport,
            endpoint: fleet.sim.url,
            ak: cred.ak,
            sk: cred.sk,
            clusters,
            warmup: scale.warmup,
            measured: scale.requests,
            concurrency: CONCURRENCY,
          },
          timeoutMs: 300_000,
        });
        const failed = fleet.sim.requests.slice(from).filter((r) => r.status !== 200).length;
        if (failed > 0) throw new Error(`${transport}: ${failed} requests failed`);
        const list = samples.get(transport) ?? [];
        list.push({ cpu: Number(run.result?.cpuMs) / scale.requests, rss: run.maxRssKb });
        samples.set(transport, list);
      }
    }
  } finally {
    await fleet.sim.close();
  }
  const variants: TransportVariant[] = [];
  for (const transport of TRANSPORTS) {
    const list = samples.get(transport) ?? [];
    const rss = list.map((s) => s.rss).filter((v): v is number => v !== null);
    variants.push({
      transport,
      requests: scale.requests,
      cpuMsPerRequest: median(list.map((s) => s.cpu)),
      samples: list.map((s) => s.cpu),
      maxRssKb: rss.length ? median(rss) : null,
      bundleBytes: await weigh(transport),
    });
  }
  return {
    date: new Date().toISOString(),
    concurrency: CONCURRENCY,
    repetitions: scale.repetitions,
    variants,
  };
}

/** Minified ESM bytes of the stack alone, bundled with the functions' options. */
async function weigh(transport: TransportName): Promise<number> {
  const entry =
    transport === "product"
      ? join(root, "shared/client/index.ts")
      : join(root, "bench/children", TRANSPORT_FILES[transport]);
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    minify: true,
    platform: "node",
    target: "node20",
    format: "esm",
    external: ["@aws-sdk/*", "web-streams-polyfill/*"],
    write: false,
    logLevel: "error",
  });
  return result.outputFiles.reduce((n, f) => n + f.contents.byteLength, 0);
}

const NAMES: Record<TransportName, string> = {
  product: "shared/client default (product)",
  "node-fetch": "node-fetch 3 + node:https keep-alive agent",
  "undici-request": "undici 7 request + Agent (decompress interceptor)",
  "undici-fetch": "undici 7 fetch + Agent",
};

export function transportTable(r: TransportResults): Table {
  const product = r.variants.find((v) => v.transport === "product")?.cpuMsPerRequest ?? Number.NaN;
  return {
    title: `3b. HTTP stack: the signed client alone per stack (CCE GET, ${r.concurrency} in flight, median of ${r.repetitions} process runs each, measured ${r.date.slice(0, 10)})`,
    head: ["stack", "requests", "CPU per request", "÷ product", "peak RSS", "bundle (minified)"],
    rows: r.variants.map((v) => [
      NAMES[v.transport],
      v.requests.toLocaleString("en-US"),
      `${v.cpuMsPerRequest.toFixed(3)} ms`,
      ratio(v.cpuMsPerRequest / product),
      mb(v.maxRssKb),
      `${(v.bundleBytes / 1024).toFixed(1)} KB`,
    ]),
    notes: [
      "Each row signs a CCE ListUpgradeClusterTasks, sends it to the simulator on 127.0.0.1 over",
      "kept-alive connections and parses the JSON answer. Bundle: the stack's own module bundled",
      "alone (product: all of shared/client, signers included) with the functions' esbuild options.",
    ],
  };
}
