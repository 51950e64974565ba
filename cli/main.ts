import { looksLikeAName } from "./args.ts";
import { EXIT } from "./exitCodes.ts";
import { type CliIo, type Command, processIo, redactingIo, untilSignal } from "./io.ts";
import { secretsInArgs, secretsInEnv } from "./redact.ts";

interface CommandEntry {
  summary: string;
  /** Loaded on demand, so `sign` does not pay for the simulator's imports. */
  load: () => Promise<Command>;
}

const commands: Record<string, CommandEntry> = {
  sign: {
    summary: "sign a request and show the canonical request, string to sign and headers",
    load: async () => (await import("./sign.ts")).signCommand,
  },
  poll: {
    summary: "read every configured cluster once and show (or publish) what the run would announce",
    load: async () => (await import("./poll.ts")).pollCommand,
  },
  rollout: {
    summary: "judge the config's rollouts from one read: `plan` (waves, next starts) or `status`",
    load: async () => (await import("./rollout.ts")).rolloutCommand,
  },
  ledger: {
    summary: "print every cluster's upgrade history from the clouds' own task lists",
    load: async () => (await import("./ledger.ts")).ledgerCommand,
  },
  discover: {
    summary: "list the discover sources once and show what would be watched, and why",
    load: async () => (await import("./discover.ts")).discoverCommand,
  },
  demo: {
    summary:
      "run the whole product locally: simulator, functions under serverless-offline, timeline",
    load: async () => untilSignal((await import("./demo.ts")).runDemoCommand),
  },
  sink: {
    summary: "run the local webhook sink: every channel's receiver on 127.0.0.1",
    load: async () => untilSignal((await import("./sink.ts")).runSink),
  },
  simulate: {
    summary: "run the local CCE / CCE Autopilot / ACK simulator on 127.0.0.1",
    load: async () => untilSignal((await import("./simulate.ts")).runSimulate),
  },
};

export const usage = (): string =>
  [
    "usage: upgrade-shepherd <command> [options]",
    "",
    "Watches managed-Kubernetes cluster upgrades on Huawei Cloud CCE, CCE Autopilot and Alibaba Cloud ACK.",
    "",
    "commands:",
    ...Object.entries(commands).map(([name, c]) => `  ${name.padEnd(10)} ${c.summary}`),
    "",
    "Run `upgrade-shepherd <command> --help` for a command's options.",
    "",
  ].join("\n");

/**
 * Runs one command. What it prints about an error passes through a redactor that knows the
 * secrets on the command line and in the environment, and an error no command expected is one
 * line (exit 4), never a stack trace with values in it.
 */
export async function main(argv: string[], io: CliIo = processIo()): Promise<number> {
  const safe = redactingIo(io, [...secretsInArgs(argv), ...secretsInEnv(io.env)]);
  const [name, ...rest] = argv;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    safe.out(usage());
    return EXIT.ok;
  }
  const entry = commands[name];
  if (!entry) {
    const shown = looksLikeAName(name) ? `'${name}'` : "(not shown, in case it is a secret)";
    safe.err(`upgrade-shepherd: unknown command ${shown}\n\n${usage()}`);
    return EXIT.usage;
  }
  try {
    const command = await entry.load();
    return await command(rest, safe);
  } catch (error) {
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    safe.err(`upgrade-shepherd ${name}: unexpected error: ${message.split("\n")[0]}\n`);
    return EXIT.internal;
  }
}
