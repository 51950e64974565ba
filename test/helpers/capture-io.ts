import type { CliIo } from "../../cli/io.ts";

/** A CLI io that collects what a command writes, so tests run commands in-process. */
export function captureIo(
  env: NodeJS.ProcessEnv = {},
): CliIo & { stdout: () => string; stderr: () => string } {
  let out = "";
  let err = "";
  return {
    out: (t) => {
      out += t;
    },
    err: (t) => {
      err += t;
    },
    env,
    stdout: () => out,
    stderr: () => err,
  };
}
