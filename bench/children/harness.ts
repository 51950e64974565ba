/**
 * What every benchmark child shares: it reads its job from `BENCH_JOB`, runs it, and prints one
 * `BENCH_RESULT {...}` line. The children are bundled like the functions (bench/lib/build.ts),
 * so a baseline SDK is measured the way it would be deployed.
 */

export const RESULT_PREFIX = "BENCH_RESULT ";

/** The job a child was started with; the parent writes it, so it is trusted. */
export function readJob<T>(): T {
  const raw = process.env.BENCH_JOB;
  if (!raw) throw new Error("BENCH_JOB is not set");
  return JSON.parse(raw) as T;
}

/** Prints the result line and ends the process, as a script would after its last call. */
export async function finish(result: Record<string, unknown>): Promise<never> {
  const usage = process.resourceUsage();
  const cpuTotalMs = (usage.userCPUTime + usage.systemCPUTime) / 1000;
  // After everything is measured: a full collection shows what the process still holds live.
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const liveHeapKb = gc ? Math.round(process.memoryUsage().heapUsed / 1024) : null;
  const line = JSON.stringify({ ...result, cpuTotalMs, liveHeapKb, maxRssKb: usage.maxRSS });
  await new Promise((resolve) => process.stdout.write(`${RESULT_PREFIX}${line}\n`, resolve));
  process.exit(0);
}

/** CPU time (user + system) in milliseconds since `since`. */
export const cpuMsSince = (since: NodeJS.CpuUsage): number => {
  const d = process.cpuUsage(since);
  return (d.user + d.system) / 1000;
};

/** Runs `count` calls with at most `concurrency` in flight, like the poller's per-key limit. */
export async function runConcurrently(
  count: number,
  concurrency: number,
  call: (i: number) => Promise<unknown>,
): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, count) }, async () => {
      for (let i = next++; i < count; i = next++) await call(i);
    }),
  );
}

/** The steady-state loop every warm variant shares: warm up, then measure CPU over `measured`. */
export async function measureWarm(
  job: { warmup: number; measured: number; concurrency: number },
  call: (i: number) => Promise<unknown>,
): Promise<Record<string, unknown>> {
  await runConcurrently(job.warmup, job.concurrency, call);
  const cpu = process.cpuUsage();
  const started = performance.now();
  await runConcurrently(job.measured, job.concurrency, (i) => call(job.warmup + i));
  return {
    requests: job.measured,
    cpuMs: cpuMsSince(cpu),
    wallMs: performance.now() - started,
  };
}
