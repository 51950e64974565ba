import { parseArgs } from "node:util";
import { type CliIo, type Command, untilSignal } from "../../../shared/cli/io.ts";
import { createAcceleratedClock } from "./clock.ts";
import { ScenarioError } from "./errors.ts";
import { generateScenario } from "./generateScenario.ts";
import { loadScenario } from "./loadScenario.ts";
import type { Scenario, ScenarioCredential } from "./scenarioSchema.ts";
import { type Simulator, startSimulator } from "./server.ts";

export const SIMULATE_USAGE = `usage: upgrade-shepherd simulate [options]

Serves the CCE, CCE Autopilot and ACK upgrade APIs on 127.0.0.1 and plays a scenario.

options:
  --port P             port to listen on (default 0: any free port)
  --scenario S         'demo' (default), another name in infra/local/scenarios, or a JSON/YAML file
  --generate N         play N generated clusters across the three providers instead
  --latency MS         add MS milliseconds to every response
  --seed S             seed for generated clusters and fault draws
  --speed N            scenario seconds per wall second (default: the scenario's own)
  --credentials AK:SK  also accept this key pair (repeatable)
  -h, --help           show this help

The first line on stdout is JSON: {"url", "credentials", "clusters", ...}. Stops on SIGINT/SIGTERM.
`;

/** The first stdout line: what a script needs to point clients at the simulator. */
export function describeSimulator(sim: Simulator): Record<string, unknown> {
  return {
    url: sim.url,
    credentials: sim.credentials.map(({ ak, sk }) => ({ ak, sk })),
    clusters: sim.clusters,
    rejectedCredentials: sim.rejectedCredentials.map(({ ak, sk }) => ({ ak, sk })),
    clusterCredentials: Object.fromEntries(
      sim.scenario.clusters.filter((c) => c.credentials).map((c) => [c.clusterId, c.credentials]),
    ),
  };
}

const positiveInt = (name: string, value: string | undefined): number | undefined => {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0)
    throw new UsageError(`--${name} must be a non-negative integer`);
  return n;
};

class UsageError extends Error {}

/**
 * Runs the simulator until `signal` aborts. Split from `simulateCommand` so tests run it
 * in-process; the command wires SIGINT and SIGTERM to the signal.
 */
export async function runSimulate(args: string[], io: CliIo, signal: AbortSignal): Promise<number> {
  let scenario: Scenario;
  let sim: Simulator;
  try {
    const { values } = parseArgs({
      args,
      strict: true,
      allowPositionals: false,
      options: {
        port: { type: "string" },
        scenario: { type: "string" },
        generate: { type: "string" },
        latency: { type: "string" },
        seed: { type: "string" },
        speed: { type: "string" },
        credentials: { type: "string", multiple: true },
        help: { type: "boolean", short: "h" },
      },
    });
    if (values.help) {
      io.out(SIMULATE_USAGE);
      return 0;
    }
    if (values.generate !== undefined && values.scenario !== undefined) {
      throw new UsageError("give --scenario or --generate, not both");
    }
    const port = positiveInt("port", values.port) ?? 0;
    const latencyMs = positiveInt("latency", values.latency) ?? 0;
    const seedArg = values.seed === undefined ? undefined : Number(values.seed);
    if (seedArg !== undefined && !Number.isInteger(seedArg))
      throw new UsageError("--seed must be an integer");
    const speed = values.speed === undefined ? undefined : Number(values.speed);
    if (speed !== undefined && !(speed > 0))
      throw new UsageError("--speed must be a positive number");
    const extra: ScenarioCredential[] = (values.credentials ?? []).map((pair) => {
      const i = pair.indexOf(":");
      if (i <= 0 || i === pair.length - 1)
        throw new UsageError(`--credentials wants AK:SK, got '${pair}'`);
      return { ak: pair.slice(0, i), sk: pair.slice(i + 1) };
    });
    const count = positiveInt("generate", values.generate);
    scenario =
      count !== undefined
        ? generateScenario({ count, ...(seedArg !== undefined ? { seed: seedArg } : {}) })
        : await loadScenario(values.scenario ?? "demo");
    const clock = createAcceleratedClock({
      startAt: new Date(scenario.start),
      speed: speed ?? scenario.speed,
    });
    sim = await startSimulator({
      scenario,
      port,
      clock,
      latencyMs,
      extraCredentials: extra,
      ...(seedArg !== undefined ? { seed: seedArg } : {}),
    });
  } catch (error) {
    if (
      error instanceof UsageError ||
      (error instanceof Error && "code" in error && String(error.code).startsWith("ERR_PARSE_ARGS"))
    ) {
      io.err(`upgrade-shepherd simulate: ${error.message}\n\n${SIMULATE_USAGE}`);
      return 2;
    }
    if (error instanceof ScenarioError) {
      io.err(`upgrade-shepherd simulate: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
  io.out(`${JSON.stringify(describeSimulator(sim))}\n`);
  io.err(
    `simulator: ${scenario.clusters.length} clusters from '${scenario.name}' on ${sim.url}; Ctrl-C to stop\n`,
  );
  if (!signal.aborted) {
    await new Promise<void>((resolve) =>
      signal.addEventListener("abort", () => resolve(), { once: true }),
    );
  }
  await sim.close();
  io.err("simulator: stopped\n");
  return 0;
}

export const simulateCommand: Command = untilSignal(runSimulate);
