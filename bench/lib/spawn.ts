import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { RESULT_PREFIX } from "../children/harness.ts";

const TIME = "/usr/bin/time";
/** GNU time reports a child's peak RSS (`%M`, KB) from the kernel, outside the child. */
export const hasGnuTime = existsSync(TIME);

/** The memory size the children are run as: Lambda's smallest, where the goals are set. */
export const LAMBDA_MEMORY_MB = 128;

/**
 * The V8 limits the Lambda Node.js runtime's bootstrap sets for a memory size (semi-space 5 %,
 * old space 90 % of it), so a child's heap grows and is collected as it would be there, instead
 * of as on a machine with gigabytes free.
 */
export const lambdaNodeFlags = (memoryMb: number): string[] => [
  `--max-semi-space-size=${Math.floor((memoryMb * 5) / 100)}`,
  `--max-old-space-size=${Math.floor((memoryMb * 90) / 100)}`,
];

export interface ChildRun {
  /** From just before spawn to the child's exit, as the parent saw it. */
  wallMs: number;
  /** Peak RSS in KB: GNU time's when present, else the child's own report, else null. */
  maxRssKb: number | null;
  /** The child's `BENCH_RESULT` line, parsed; null for children that print none. */
  result: Record<string, unknown> | null;
  /** `performance.now()` in the parent just before spawn: the origin for "first request". */
  startedAt: number;
}

export interface ChildOptions {
  /** Arguments to `node` after the Lambda heap flags, e.g. `[file]` or `["-e", "0"]`. */
  args: string[];
  env: NodeJS.ProcessEnv;
  job?: unknown;
  /** The child is killed after this long: a benchmark never waits forever. */
  timeoutMs: number;
}

/** Runs `node` with `args` in a fresh process, under GNU time when present. */
export async function runChild(options: ChildOptions): Promise<ChildRun> {
  const dir = hasGnuTime ? mkdtempSync(join(tmpdir(), "shepherd-time-")) : undefined;
  const timeFile = dir ? join(dir, "rss") : undefined;
  // --expose-gc lets a child report its live heap after a full collection, once it has finished.
  const nodeArgs = [...lambdaNodeFlags(LAMBDA_MEMORY_MB), "--expose-gc", ...options.args];
  const [command, args] = timeFile
    ? [TIME, ["-f", "%M", "-o", timeFile, process.execPath, ...nodeArgs]]
    : [process.execPath, nodeArgs];
  const env = {
    ...options.env,
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(LAMBDA_MEMORY_MB),
    ...(options.job === undefined ? {} : { BENCH_JOB: JSON.stringify(options.job) }),
  };
  let stdout = "";
  let stderr = "";
  const startedAt = performance.now();
  const child = spawn(command, args, { env, stdio: ["ignore", "pipe", "pipe"] });
  child.stdout.on("data", (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr.on("data", (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const timer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs);
  const code = await new Promise<number | null>((resolve, reject) => {
    child.on("error", reject);
    child.on("exit", (c) => resolve(c));
  });
  const wallMs = performance.now() - startedAt;
  clearTimeout(timer);
  let timeRss: number | null = null;
  if (timeFile && dir) {
    const lines = readFileSync(timeFile, "utf8").trim().split("\n");
    const value = Number(lines[lines.length - 1]);
    timeRss = Number.isFinite(value) ? value : null;
    rmSync(dir, { recursive: true, force: true });
  }
  if (code !== 0) {
    throw new Error(
      `child ${options.args.join(" ").slice(0, 120)} exited with ${code ?? "a signal"}: ${stderr || stdout.slice(-2000)}`,
    );
  }
  const line = stdout.split("\n").find((l) => l.startsWith(RESULT_PREFIX));
  const result = line
    ? (JSON.parse(line.slice(RESULT_PREFIX.length)) as Record<string, unknown>)
    : null;
  const reported = typeof result?.maxRssKb === "number" ? result.maxRssKb : null;
  return { wallMs, maxRssKb: timeRss ?? reported, result, startedAt };
}
