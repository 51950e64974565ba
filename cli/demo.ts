import {
  DEMO_SCENARIOS,
  type DemoScenario,
  demoScenarioNamed,
} from "../infra/local/runner/demoScenarios.ts";
import { runDemo } from "../infra/local/runner/runDemo.ts";
import { ScenarioError } from "../infra/local/simulator/errors.ts";
import { parseCommandArgs, wholeNumber } from "./args.ts";
import { UsageError } from "./errors.ts";
import { EXIT } from "./exitCodes.ts";
import type { CliIo } from "./io.ts";

const SCENARIO_LIST = Object.values(DEMO_SCENARIOS)
  .map((s) => `  ${s.name.padEnd(9)} ${s.about} (${s.minutes} scenario minutes)`)
  .join("\n");

const USAGE = `usage: upgrade-shepherd demo [--scenario NAME] [--follow] [--speed N] [--minutes M]

Runs the whole product on this machine: the provider simulator with the demo scenario on an
accelerated clock, and the real functions under serverless-offline, from the same
serverless.yml a deployment uses. The scenario clock starts when the functions are ready and
holds still while each poll runs, so a slow machine plays the same story, more slowly.
Prints a timeline of every poll, event, action and webhook, and a summary when the scenario
has played out (after M scenario minutes, the scenario's own by default), or runs on with
--follow. --scenario NAME picks the story (npm start -- --scenario rollout):
${SCENARIO_LIST}
Ctrl-C (or stopping the process that started it) stops everything it started and removes its
temporary files. Exits 2 on bad options.
`;

const OPTIONS = {
  follow: { type: "boolean" },
  speed: { type: "string" },
  minutes: { type: "string" },
  scenario: { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

/** `npm start`: runs the demo until it has played out or `signal` aborts, then prints a summary. */
export async function runDemoCommand(
  args: string[],
  io: CliIo,
  signal: AbortSignal,
): Promise<number> {
  let values: ReturnType<typeof parseCommandArgs<typeof OPTIONS>>;
  let speed: number | undefined;
  let minutes: number | undefined;
  let story: DemoScenario;
  try {
    values = parseCommandArgs(args, OPTIONS);
    speed = wholeNumber("speed", values.speed, 1);
    minutes = wholeNumber("minutes", values.minutes, 1);
    story = demoScenarioNamed(values.scenario ?? "demo");
  } catch (error) {
    if (!(error instanceof UsageError) && !(error instanceof ScenarioError)) throw error;
    io.err(`upgrade-shepherd demo: ${error.message}\n\n${USAGE}`);
    return EXIT.usage;
  }
  if (values.help) {
    io.out(USAGE);
    return EXIT.ok;
  }
  const summary = await runDemo({
    root: new URL("..", import.meta.url).pathname,
    scenario: story.name,
    follow: values.follow ?? false,
    speed,
    minutes,
    write: (line) => io.out(`${line}\n`),
    colour: io.colour ?? false,
    signal,
  });
  io.out(`\nsummary: ${summary.polls} polls\n`);
  for (const line of summary.outcome) io.out(`  ${line}\n`);
  for (const [type, n] of Object.entries(summary.events).sort())
    io.out(`  ${String(n).padStart(4)}  ${type}\n`);
  const silences = Object.entries(summary.silenceCalls).sort();
  // Only the default demo keeps an upgrade quiet in an Alertmanager.
  if (story.name === "demo")
    io.out("  silences in the demo's Alertmanager (quiet during upgrade):\n");
  if (story.name === "demo" && silences.length === 0) io.out("     none\n");
  for (const [what, n] of silences) io.out(`  ${String(n).padStart(4)}  ${what}\n`);
  io.out("  calls that changed the simulated clouds:\n");
  if (Object.keys(summary.mutatingRequests).length === 0) io.out("     none\n");
  for (const [op, n] of Object.entries(summary.mutatingRequests).sort())
    io.out(`  ${String(n).padStart(4)}  ${op}\n`);
  return EXIT.ok;
}
