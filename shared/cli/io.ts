/** Where a command writes. Passed in so tests can capture output without spawning a process. */
export interface CliIo {
  out: (text: string) => void;
  err: (text: string) => void;
  /** The environment, for credentials; only shared/config and the CLI read it. */
  env: NodeJS.ProcessEnv;
}

export const processIo: CliIo = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  env: process.env,
};

/** A command returns its exit code: 0 ok, 1 ran but something failed, 2 usage error. */
export type Command = (args: string[], io: CliIo) => Promise<number>;

/** A long-running command, stopped by the signal it is given. */
export type StoppableCommand = (args: string[], io: CliIo, signal: AbortSignal) => Promise<number>;

/**
 * Runs a long-running command until SIGINT or SIGTERM, then lets it close what it opened. The
 * command itself takes a signal, so tests run it in-process and stop it themselves.
 */
export const untilSignal =
  (run: StoppableCommand): Command =>
  async (args, io) => {
    const controller = new AbortController();
    const stop = () => controller.abort();
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
    try {
      return await run(args, io, controller.signal);
    } finally {
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
    }
  };
