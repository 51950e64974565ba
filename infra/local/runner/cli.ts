import { parseArgs } from "node:util";
import type { CliIo } from "../../../shared/cli/io.ts";
import { runDemo } from "./runDemo.ts";

const USAGE = `usage: upgrade-shepherd demo [--follow] [--speed N] [--minutes M]

Runs the whole product on this machine: the provider simulator with the demo scenario on an
accelerated clock, and the real functions under serverless-offline, from the same
serverless.yml a deployment uses. Prints a timeline of every poll, event, action and
webhook, and a summary when the scenario has played out (after M scenario minutes, 40 by
default), or runs on with --follow. Ctrl-C stops everything it started.
`;

export async function demoCommand(args: string[], io: CliIo): Promise<number> {
  let values: { follow?: boolean; speed?: string; minutes?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      args,
      strict: true,
      options: {
        follow: { type: "boolean" },
        speed: { type: "string" },
        minutes: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    }));
  } catch (error) {
    io.err(`upgrade-shepherd demo: ${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    io.out(USAGE);
    return 0;
  }
  let interrupt!: () => void;
  const interrupted = new Promise<void>((resolve) => {
    interrupt = resolve;
  });
  const onSignal = () => interrupt();
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  try {
    const summary = await runDemo({
      root: new URL("../../..", import.meta.url).pathname,
      follow: values.follow ?? false,
      speed: values.speed ? Number(values.speed) : undefined,
      minutes: values.minutes ? Number(values.minutes) : undefined,
      write: (line) => io.out(`${line}\n`),
      colour: process.stdout.isTTY === true && io.env.NO_COLOR === undefined,
      interrupted,
    });
    io.out(`\nsummary: ${summary.polls} polls\n`);
    for (const [type, n] of Object.entries(summary.events).sort())
      io.out(`  ${String(n).padStart(4)}  ${type}\n`);
    io.out("  calls that changed the simulated clouds:\n");
    if (Object.keys(summary.mutatingRequests).length === 0) io.out("     none\n");
    for (const [op, n] of Object.entries(summary.mutatingRequests).sort())
      io.out(`  ${String(n).padStart(4)}  ${op}\n`);
    return 0;
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  }
}
