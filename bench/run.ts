/**
 * `npm run bench`: every benchmark section, in one run on one machine, each figure beside a
 * baseline measured in the same run. Traffic goes only to 127.0.0.1 (the simulator and an
 * EventBridge stub). Writes bench/results.json and bench/fanout.svg, and refreshes the tables in
 * bench/README.md. Never a test: nothing here passes or fails on a figure.
 *
 * BENCH_SCALE=quick runs every section at a fraction of the repetitions, for trying changes.
 * `--render` measures nothing: it redraws the README tables and the chart from results.json.
 * `--section transport` (the HTTP stack, 3b), `--section deadline` or `--section discovery`
 * measures that section alone, keeps every other figure of results.json, and redraws
 * bench/README.md's tables.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { writeChart } from "../scripts/bench-chart.ts";
import { prepareWorkspace } from "./lib/build.ts";
import { describeMachine, type Machine } from "./lib/machine.ts";
import { markdownTable, renderTable, type Table } from "./lib/table.ts";
import { runMicro } from "./micro.ts";
import { type BundleResults, bundleTable, measureBundles } from "./sections/bundles.ts";
import { type ColdResults, coldTable, measureColdStart } from "./sections/coldstart.ts";
import { type CostResults, costTable, modelCost } from "./sections/cost.ts";
import {
  type DeadlineCase,
  type DeadlineResults,
  deadlineTable,
  measureDeadline,
} from "./sections/deadline.ts";
import { type DiscoveryResults, discoveryTable, measureDiscovery } from "./sections/discovery.ts";
import {
  type FanoutCase,
  type FanoutResults,
  fanoutTable,
  measureFanout,
} from "./sections/fanout.ts";
import { type GoalRow, goals, goalsTable } from "./sections/goals.ts";
import { type MemoryResults, measureMemory, memoryTable } from "./sections/memory.ts";
import { measureTransport, type TransportResults, transportTable } from "./sections/transport.ts";
import { measureWarm, type WarmResults, warmTable } from "./sections/warm.ts";

const quick = process.env.BENCH_SCALE === "quick";
const scale = {
  name: quick ? "quick" : "full",
  coldRuns: quick ? 5 : 31,
  // Steady state needs the JIT warm: 4,000 requests first, then 8,000 measured per variant.
  warm: quick
    ? { requests: 2000, warmup: 1000, clusters: 40, repetitions: 1 }
    : { requests: 8000, warmup: 4000, clusters: 100, repetitions: 3 },
  memory: quick
    ? { sizes: [100, 300, 500], repetitions: 1 }
    : { sizes: [50, 100, 150, 200, 250, 300, 350, 400, 450, 500], repetitions: 2 },
  // Up to 500 (the default and largest shardSize) one invocation reads the fleet; above it the
  // scheduled run fans out into shards, as deployed.
  fanout: (quick
    ? [{ clusters: 10 }, { clusters: 100 }, { clusters: 500 }, { clusters: 1000 }]
    : [
        { clusters: 10 },
        { clusters: 100 },
        { clusters: 250 },
        { clusters: 500 },
        { clusters: 1000 },
        { clusters: 10000 },
      ]) satisfies FanoutCase[],
  // Clusters on one key, every request hanging: 48 as in issue 14 and 64, without a deadline and
  // against the deployed 120 s timeout, and 48 against a 30 s one. Each row takes about as long
  // as its run: about seven minutes in all.
  deadline: (quick
    ? [{ clusters: 48, lambdaTimeoutMs: 30_000 }]
    : [
        { clusters: 48, lambdaTimeoutMs: null },
        { clusters: 64, lambdaTimeoutMs: null },
        { clusters: 64, lambdaTimeoutMs: 120_000 },
        { clusters: 48, lambdaTimeoutMs: 30_000 },
      ]) satisfies DeadlineCase[],
};

interface Results {
  machine: Machine;
  scale: string;
  durationSeconds: number;
  micro: Record<string, number>;
  bundles: BundleResults;
  coldStart: ColdResults;
  warm: WarmResults;
  /** Absent from results written before the section existed. */
  transport?: TransportResults;
  fanout: FanoutResults;
  memory: MemoryResults;
  /** Absent in results written before the deadline section existed. */
  deadline?: DeadlineResults;
  /** Absent in results written before the discovery section existed. */
  discovery?: DiscoveryResults;
  cost: CostResults;
  goals: GoalRow[];
}

/** Discovery's share of a run is measured at the sizes the issue names (issue 17, "Scale"). */
const DISCOVERY_SIZES = [1000, 10000];

const resultsFile = new URL("results.json", import.meta.url).pathname;
/** The tables go to bench/README.md and to the project README's performance section. */
const readmeFiles = [
  new URL("README.md", import.meta.url).pathname,
  new URL("../README.md", import.meta.url).pathname,
];
const chartFile = new URL("fanout.svg", import.meta.url).pathname;

/** The tables of a run, in the order they are printed and written to the README. */
const tablesOf = (r: Results): Table[] => [
  bundleTable(r.bundles),
  coldTable(r.coldStart),
  warmTable(r.warm),
  ...(r.transport ? [transportTable(r.transport)] : []),
  fanoutTable(r.fanout),
  memoryTable(r.memory),
  costTable(r.cost),
  deadlineTable(r.deadline),
  ...(r.discovery ? [discoveryTable(r.discovery)] : []),
  goalsTable(r.goals),
];

/** Replaces what lies between each README's table markers with this run's tables. */
function refreshReadme(r: Results, files = readmeFiles): void {
  for (const file of files) refreshOne(file, r);
}

function refreshOne(readmeFile: string, r: Results): void {
  if (!existsSync(readmeFile)) return;
  const text = readFileSync(readmeFile, "utf8");
  const start = "<!-- bench:tables -->";
  const end = "<!-- /bench:tables -->";
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  if (from < 0 || to < from) return;
  const m = r.machine;
  const body = [
    `Measured ${m.date.slice(0, 10)} on ${m.cpu} (${m.cores} cores), Node ${m.node}, scale \`${r.scale}\`, in ${r.durationSeconds} s.`,
    ...tablesOf(r).map((t) => `**${t.title}**\n\n${markdownTable(t)}`),
  ].join("\n\n");
  writeFileSync(
    readmeFile,
    `${text.slice(0, from + start.length)}\n\n${body}\n\n${text.slice(to)}`,
  );
}

async function measure(): Promise<Results> {
  const started = performance.now();
  const elapsed = () => `${((performance.now() - started) / 1000).toFixed(0)} s`;
  const show = (table: Table) => console.log(renderTable(table));
  const machine = describeMachine();
  console.log(
    `upgrade-shepherd benchmark (${scale.name}): ${machine.cpu}, ${machine.cores} cores, Node ${machine.node}`,
  );
  const micro = await runMicro();

  console.log(`\n[${elapsed()}] building the functions and the baseline scripts…`);
  const ws = await prepareWorkspace();
  try {
    const bundles = measureBundles(ws);
    show(bundleTable(bundles));

    console.log(`\n[${elapsed()}] cold start: ${scale.coldRuns} runs × 6 variants…`);
    const coldStart = await measureColdStart(ws, scale.coldRuns);
    show(coldTable(coldStart));

    console.log(`\n[${elapsed()}] warm cost…`);
    const warm = await measureWarm(ws, scale.warm);
    show(warmTable(warm));

    console.log(`\n[${elapsed()}] HTTP stacks…`);
    const transport = await measureTransport(ws, scale.warm);
    show(transportTable(transport));

    const sizes = scale.fanout.map((c) => c.clusters).join(", ");
    console.log(`\n[${elapsed()}] fan-out: ${sizes} clusters…`);
    const fanout = await measureFanout(ws, scale.fanout);
    show(fanoutTable(fanout));

    console.log(`\n[${elapsed()}] memory per invocation: ${scale.memory.sizes.join(", ")}…`);
    const memory = await measureMemory(ws, scale.memory.sizes, scale.memory.repetitions);
    show(memoryTable(memory));

    const cases = scale.deadline.map((c) => c.lambdaTimeoutMs ?? "none").join(", ");
    console.log(`\n[${elapsed()}] deadline: Lambda timeout ${cases}…`);
    const deadline = await measureDeadline(ws, scale.deadline);
    show(deadlineTable(deadline));

    console.log(`\n[${elapsed()}] discovery: ${DISCOVERY_SIZES.join(", ")} clusters…`);
    const discovery = await measureDiscovery(ws, DISCOVERY_SIZES, fanout);
    show(discoveryTable(discovery));

    const cost = modelCost(fanout, coldStart);
    show(costTable(cost));
    const goalRows = goals({ bundles, cold: coldStart, warm, fanout, memory });
    show(goalsTable(goalRows));
    return {
      machine,
      scale: scale.name,
      durationSeconds: Math.round((performance.now() - started) / 1000),
      micro,
      bundles,
      coldStart,
      warm,
      transport,
      fanout,
      memory,
      deadline,
      discovery,
      cost,
      goals: goalRows,
    };
  } finally {
    rmSync(ws.dir, { recursive: true, force: true });
  }
}

/** One section alone: the other figures stay as results.json has them. */
async function measureSection(name: string): Promise<void> {
  const results = JSON.parse(readFileSync(resultsFile, "utf8")) as Results;
  if (name === "transport") {
    const dir = mkdtempSync(join(tmpdir(), "shepherd-bench-"));
    symlinkSync(new URL("../node_modules", import.meta.url).pathname, join(dir, "node_modules"));
    try {
      console.log(`HTTP stacks (${scale.name}), one process per stack and repetition…`);
      results.transport = await measureTransport({ dir }, scale.warm);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    console.log(renderTable(transportTable(results.transport)));
  } else if (name === "deadline") {
    const ws = await prepareWorkspace();
    try {
      results.deadline = await measureDeadline(ws, scale.deadline);
    } finally {
      rmSync(ws.dir, { recursive: true, force: true });
    }
    console.log(renderTable(deadlineTable(results.deadline)));
  } else if (name === "discovery") {
    const ws = await prepareWorkspace();
    try {
      results.discovery = await measureDiscovery(ws, DISCOVERY_SIZES, results.fanout);
    } finally {
      rmSync(ws.dir, { recursive: true, force: true });
    }
    console.log(renderTable(discoveryTable(results.discovery)));
  } else {
    console.error(`--section takes one name: transport, deadline or discovery (got "${name}")`);
    process.exit(2);
  }
  writeFileSync(resultsFile, `${JSON.stringify(results, null, 2)}\n`);
  // The project README's copy of the tables is redrawn by the next full run.
  refreshReadme(results, [new URL("README.md", import.meta.url).pathname]);
  console.log(`wrote the ${name} figures to bench/results.json and bench/README.md`);
}

const section = process.argv.indexOf("--section");
if (section >= 0) {
  await measureSection(process.argv[section + 1] ?? "");
} else if (process.argv.includes("--render")) {
  const results = JSON.parse(readFileSync(resultsFile, "utf8")) as Results;
  writeChart(results, chartFile);
  refreshReadme(results);
  console.log("redrew bench/fanout.svg and the tables in bench/README.md from bench/results.json");
} else {
  const results = await measure();
  writeFileSync(resultsFile, `${JSON.stringify(results, null, 2)}\n`);
  writeChart(results, chartFile);
  refreshReadme(results);
  console.log(
    `\n[${results.durationSeconds} s] wrote bench/results.json, bench/fanout.svg and the tables in bench/README.md`,
  );
}
