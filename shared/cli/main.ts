import { type CliIo, type Command, processIo } from "./io.ts";

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
  demo: {
    summary:
      "run the whole product locally: simulator, functions under serverless-offline, timeline",
    load: async () => (await import("../../infra/local/runner/cli.ts")).demoCommand,
  },
  sink: {
    summary: "run the local webhook sink: every channel's receiver on 127.0.0.1",
    load: async () => (await import("../../infra/local/sink/cli.ts")).sinkCommand,
  },
  simulate: {
    summary: "run the local CCE / CCE Autopilot / ACK simulator on 127.0.0.1",
    load: async () => (await import("../../infra/local/simulator/cli.ts")).simulateCommand,
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

export async function main(argv: string[], io: CliIo = processIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    io.out(usage());
    return 0;
  }
  const entry = commands[name];
  if (!entry) {
    io.err(`upgrade-shepherd: unknown command '${name}'\n\n${usage()}`);
    return 2;
  }
  const command = await entry.load();
  return command(rest, io);
}
