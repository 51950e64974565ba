import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { configForSimulator, type SimulatorInfo } from "../../infra/local/simConfig.ts";
import { describeSimulator } from "../../infra/local/simulator/cli.ts";
import { createTestClock } from "../../infra/local/simulator/clock.ts";
import { generateScenario } from "../../infra/local/simulator/generateScenario.ts";
import type { RateLimit, Scenario } from "../../infra/local/simulator/scenarioSchema.ts";
import { type Simulator, startSimulator } from "../../infra/local/simulator/server.ts";
import type { Provider } from "../../shared/model/cluster.ts";
import { type EventBridgeStub, eventBridgeEnv } from "./eventbridge-stub.ts";

export const SEED = 11;

export interface Fleet {
  sim: Simulator;
  scenario: Scenario;
  info: SimulatorInfo;
  /** The run's `T`: the scenario's start, on the 5-minute grid. */
  t: Date;
}

export interface FleetOptions {
  count: number;
  accounts: number;
  latencyMs?: number;
  rateLimit?: RateLimit | null;
  /** Keep only these providers' clusters (the warm runs measure one cloud at a time). */
  providers?: readonly Provider[];
}

/**
 * A generated fleet on the simulator, frozen at five seconds past its start: every run sees the
 * same upgrade states, so repeated invocations make the same requests. Signatures, nonces and
 * rate limits still use the wall clock, as the gateways do.
 */
export async function startFleet(options: FleetOptions): Promise<Fleet> {
  const generated = generateScenario({
    count: options.count,
    seed: SEED,
    accounts: options.accounts,
  });
  const scenario = options.providers
    ? {
        ...generated,
        clusters: generated.clusters.filter((c) => options.providers?.includes(c.provider)),
      }
    : generated;
  const t = new Date(Date.parse(scenario.start));
  const sim = await startSimulator({
    scenario,
    clock: createTestClock(new Date(t.getTime() + 5_000)),
    latencyMs: options.latencyMs ?? 0,
    rateLimit: options.rateLimit ?? null,
    recordRequests: true,
  });
  return { sim, scenario, info: describeSimulator(sim) as unknown as SimulatorInfo, t };
}

/** A trimmed environment: nothing of the parent's leaks into a measured child. */
export function baseEnv(): NodeJS.ProcessEnv {
  const keep = ["PATH", "HOME", "TMPDIR", "LANG", "TZ"];
  const env: NodeJS.ProcessEnv = {};
  for (const k of keep) if (process.env[k] !== undefined) env[k] = process.env[k];
  return env;
}

/**
 * The environment of a poll-status child: its config (inline JSON when small, else a file, as
 * Lambda's 4 KB environment would force), one variable per credential set, EventBridge at the
 * stub, and Powertools quiet so stdout is not the bottleneck.
 */
export function pollEnv(
  fleet: Fleet,
  stub: EventBridgeStub,
  dir: string,
  poll: Record<string, unknown>,
  endpoint?: string,
): NodeJS.ProcessEnv {
  const info = endpoint ? { ...fleet.info, url: endpoint } : fleet.info;
  const { config, env } = configForSimulator(info, { poll });
  const text = JSON.stringify(config);
  const source: Record<string, string> = {};
  if (text.length < 3_000) {
    source.SHEPHERD_CONFIG_JSON = text;
  } else {
    const file = join(dir, `config-${fleet.scenario.clusters.length}.json`);
    writeFileSync(file, text);
    source.SHEPHERD_CONFIG_FILE = file;
  }
  return {
    ...baseEnv(),
    ...env,
    ...source,
    ...eventBridgeEnv(stub),
    POWERTOOLS_LOG_LEVEL: "SILENT",
    POWERTOOLS_METRICS_DISABLED: "true",
    POWERTOOLS_SERVICE_NAME: "upgrade-shepherd",
  };
}

export { busEvent, scheduledEvent } from "../../infra/local/busEvents.ts";
