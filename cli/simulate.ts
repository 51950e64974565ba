import { describeSimulator } from "../infra/local/simulator/cli.ts";
import { createAcceleratedClock } from "../infra/local/simulator/clock.ts";
import { ScenarioError } from "../infra/local/simulator/errors.ts";
import { generateScenario } from "../infra/local/simulator/generateScenario.ts";
import { loadScenario } from "../infra/local/simulator/loadScenario.ts";
import type { Scenario, ScenarioCredential } from "../infra/local/simulator/scenarioSchema.ts";
import { type Simulator, startSimulator } from "../infra/local/simulator/server.ts";
import { parseCommandArgs, wholeNumber } from "./args.ts";
import { UsageError } from "./errors.ts";
import { EXIT } from "./exitCodes.ts";
import type { CliIo } from "./io.ts";

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

The first line on stdout is JSON: {"url", "credentials", "clusters", ..., "clock"}, where
"clock" is {"scenarioTime", "wallTime", "speed"}: save it to a file and give it to
\`poll --simulator FILE\`, which then reads the clusters on the scenario's clock.
Stops on SIGINT or SIGTERM, and, when npm or npx started it, when that process goes away.
Exits 2 on bad options or a scenario that does not load.
`;

const OPTIONS = {
  port: { type: "string" },
  scenario: { type: "string" },
  generate: { type: "string" },
  latency: { type: "string" },
  seed: { type: "string" },
  speed: { type: "string" },
  credentials: { type: "string", multiple: true },
  help: { type: "boolean", short: "h" },
} as const;

/**
 * Runs the simulator until `signal` aborts. `main` wires SIGINT, SIGTERM and a lost parent to
 * the signal (`untilSignal`); tests run it in-process and abort it themselves.
 */
export async function runSimulate(args: string[], io: CliIo, signal: AbortSignal): Promise<number> {
  let scenario: Scenario;
  let sim: Simulator;
  let speed: number;
  try {
    const values = parseCommandArgs(args, OPTIONS);
    if (values.help) {
      io.out(SIMULATE_USAGE);
      return EXIT.ok;
    }
    if (values.generate !== undefined && values.scenario !== undefined) {
      throw new UsageError("give --scenario or --generate, not both");
    }
    const port = wholeNumber("port", values.port) ?? 0;
    const latencyMs = wholeNumber("latency", values.latency) ?? 0;
    const seedArg = values.seed === undefined ? undefined : Number(values.seed);
    if (seedArg !== undefined && !Number.isInteger(seedArg))
      throw new UsageError("--seed must be an integer");
    const speedArg = values.speed === undefined ? undefined : Number(values.speed);
    if (speedArg !== undefined && !(speedArg > 0))
      throw new UsageError("--speed must be a positive number");
    const extra: ScenarioCredential[] = (values.credentials ?? []).map((pair, i) => {
      const colon = pair.indexOf(":");
      if (colon <= 0 || colon === pair.length - 1)
        throw new UsageError(`--credentials wants AK:SK (number ${i + 1} is not)`);
      return { ak: pair.slice(0, colon), sk: pair.slice(colon + 1) };
    });
    const count = wholeNumber("generate", values.generate);
    scenario =
      count !== undefined
        ? generateScenario({ count, ...(seedArg !== undefined ? { seed: seedArg } : {}) })
        : await loadScenario(values.scenario ?? "demo");
    speed = speedArg ?? scenario.speed;
    sim = await startSimulator({
      scenario,
      port,
      clock: createAcceleratedClock({ startAt: new Date(scenario.start), speed }),
      latencyMs,
      extraCredentials: extra,
      ...(seedArg !== undefined ? { seed: seedArg } : {}),
    });
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`upgrade-shepherd simulate: ${error.message}\n\n${SIMULATE_USAGE}`);
      return EXIT.usage;
    }
    if (error instanceof ScenarioError) {
      io.err(`upgrade-shepherd simulate: ${error.message}\n`);
      return EXIT.usage;
    }
    throw error;
  }
  const line = describeSimulator(sim, { speed });
  io.out(`${JSON.stringify(line)}\n`);
  io.err(
    `simulator: ${scenario.clusters.length} clusters from '${scenario.name}' on ${sim.url}; scenario clock ${sim.clock.now().toISOString()} at ${speed}x; Ctrl-C to stop\n`,
  );
  if (!signal.aborted) {
    await new Promise<void>((resolve) =>
      signal.addEventListener("abort", () => resolve(), { once: true }),
    );
  }
  await sim.close();
  io.err("simulator: stopped\n");
  return EXIT.ok;
}
