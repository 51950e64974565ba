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
