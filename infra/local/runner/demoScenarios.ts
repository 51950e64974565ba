import type { SimulatorInfo } from "../simConfig.ts";
import { ScenarioError } from "../simulator/errors.ts";
import type { Scenario } from "../simulator/scenarioSchema.ts";
import { demoConfig, demoScenario } from "./demoConfig.ts";
import type { DemoScript, DemoScriptContext } from "./demoScript.ts";
import { rolloutDemoConfig, rolloutDemoStart } from "./rolloutDemoConfig.ts";
import { createRolloutScript } from "./rolloutScript.ts";

type Channels = { receivers: Record<string, unknown>[]; routes: Record<string, unknown>[] };

/** One story `npm start -- --scenario NAME` plays. */
export interface DemoScenario {
  /** Its name, and the simulator scenario it plays (infra/local/scenarios/NAME.yaml). */
  name: string;
  /** One line for the usage text. */
  about: string;
  /** Scenario minutes it takes to play out (the default of --minutes). */
  minutes: number;
  /** The simulator's scenario: the YAML, with what the story adds to it; `now` is the wall clock's. */
  scenario(loaded: Scenario, now: Date): Scenario;
  /** The config the functions load, and the environment its secrets go in. */
  config(
    info: SimulatorInfo,
    channels: Channels,
    alertmanagerUrl?: string,
  ): { config: Record<string, unknown>; env: Record<string, string> };
  /** What people do in the story, beside what the simulator plays by itself. */
  script?(ctx: DemoScriptContext): DemoScript;
}

/** Every demo scenario, by name; `demo` is what `npm start` plays. */
export const DEMO_SCENARIOS: Readonly<Record<string, DemoScenario>> = {
  demo: {
    name: "demo",
    about:
      "every path of the product: success, failure and cancel, a pause resumed from Slack, a stall, a refused key, discovery (the default)",
    minutes: 40,
    scenario: demoScenario,
    config: demoConfig,
  },
  rollout: {
    name: "rollout",
    about:
      "a fleet rollout in waves across CCE and ACK: a failure halts it, a retry lifts the halt",
    minutes: 60,
    scenario: (loaded, now) => ({ ...loaded, start: rolloutDemoStart(now).toISOString() }),
    config: (info, channels) => rolloutDemoConfig(info, channels),
    script: createRolloutScript,
  },
};

/** The demo scenario called `name`; a ScenarioError listing the scenarios for any other name. */
export function demoScenarioNamed(name: string): DemoScenario {
  const found = Object.hasOwn(DEMO_SCENARIOS, name) ? DEMO_SCENARIOS[name] : undefined;
  if (!found) {
    const names = Object.keys(DEMO_SCENARIOS).join(", ");
    throw new ScenarioError("", `no demo scenario "${name}"; the scenarios are: ${names}`);
  }
  return found;
}
