import { runtimeEnv } from "../shared/config/runtime.ts";
import { redactor } from "./redact.ts";

/** Where a command writes, and what it reads. Passed in so tests run commands in-process. */
export interface CliIo {
  out: (text: string) => void;
  /** Errors and notes. `main` passes every command an `err` that redacts the secrets it knows. */
  err: (text: string) => void;
  /** The environment, for credentials and settings; shared/config hands it over. */
  env: NodeJS.ProcessEnv;
  /** All of standard input, or undefined when it is a terminal (nothing piped). */
  readStdin?: (() => Promise<string | undefined>) | undefined;
  /** Whether output may be coloured: a terminal, and `NO_COLOR` unset. */
  colour?: boolean | undefined;
  /** The wall clock (default `new Date()`); tests pin it. */
  now?: (() => Date) | undefined;
}

/** The process's own streams and environment. */
export function processIo(): CliIo {
  const env = runtimeEnv();
  return {
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
    env,
    readStdin: async () => {
      if (process.stdin.isTTY) return undefined;
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks).toString("utf8");
    },
    colour: process.stdout.isTTY === true && env.NO_COLOR === undefined,
  };
}

/** The same io, with `err` passed through a redactor for these secrets. */
export const redactingIo = (io: CliIo, secrets: readonly string[]): CliIo => {
  const redact = redactor(secrets);
  return { ...io, err: (text) => io.err(redact(text)) };
};

/** A command returns its exit code (see `EXIT`). */
export type Command = (args: string[], io: CliIo) => Promise<number>;

/** A long-running command, stopped by the signal it is given. */
export type StoppableCommand = (args: string[], io: CliIo, signal: AbortSignal) => Promise<number>;

/** How often a long-running command checks that the process that started it is still there. */
const PARENT_CHECK_MS = 500;

/**
 * Runs a long-running command until SIGINT or SIGTERM, then lets it close what it opened.
 * Started by npm or npx (`npm_command` is set), it also stops when the process that started it
 * goes away: `npx upgrade-shepherd simulate` runs as npm -> sh -> node, and stopping npm by its
 * PID does not reach node, which is left serving with init as its new parent. Started any other
 * way (a shell's `&`, nohup), it keeps running on its own, as such a start asks. The command
 * itself takes a signal, so tests run it in-process and stop it themselves.
 */
export const untilSignal =
  (run: StoppableCommand): Command =>
  async (args, io) => {
    const controller = new AbortController();
    const stop = () => controller.abort();
    const signals = ["SIGINT", "SIGTERM"] as const;
    for (const s of signals) process.once(s, stop);
    const parent = process.ppid;
    const watch =
      io.env.npm_command === undefined
        ? undefined
        : setInterval(() => {
            if (process.ppid !== parent) stop();
          }, PARENT_CHECK_MS).unref();
    try {
      return await run(args, io, controller.signal);
    } finally {
      clearInterval(watch);
      for (const s of signals) process.off(s, stop);
    }
  };
