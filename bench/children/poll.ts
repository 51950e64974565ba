/**
 * Runs the bundled poll-status handler the way Lambda does: import the module (its init), then
 * invoke the handler with each event in turn. The first `warmup` invocations are not measured.
 * Config and credentials come from the environment, as in a deployed function.
 */
import { pathToFileURL } from "node:url";
import { cpuMsSince, finish, readJob } from "./harness.ts";

interface Job {
  handler: string;
  events: unknown[];
  warmup: number;
  /**
   * Lambda's timeout for each invocation, counted from its start, as `getRemainingTimeInMillis`
   * reports it; null gives a context without it (no deadline). Default 900 s, Lambda's longest.
   */
  lambdaTimeoutMs?: number | null;
}

type Handler = (event: unknown, context: unknown) => Promise<Record<string, unknown>>;

const job = readJob<Job>();
const initStarted = performance.now();
const { handler } = (await import(pathToFileURL(job.handler).href)) as { handler: Handler };
const initMs = performance.now() - initStarted;

const timeoutMs = job.lambdaTimeoutMs === undefined ? 900_000 : job.lambdaTimeoutMs;
const context = (n: number, startedAt: number) => ({
  functionName: "poll-status",
  functionVersion: "$LATEST",
  invokedFunctionArn: "arn:aws:lambda:us-east-1:123456789012:function:poll-status",
  memoryLimitInMB: "128",
  awsRequestId: `bench-${n}`,
  logGroupName: "/aws/lambda/poll-status",
  logStreamName: "bench",
  callbackWaitsForEmptyEventLoop: true,
  ...(timeoutMs === null
    ? {}
    : { getRemainingTimeInMillis: () => Math.max(0, startedAt + timeoutMs - performance.now()) }),
});

const invocations: { ms: number; cpuMs: number; summary: Record<string, unknown> }[] = [];
for (const [i, event] of job.events.entries()) {
  const cpu = process.cpuUsage();
  const started = performance.now();
  const summary = await handler(event, context(i, started));
  invocations.push({ ms: performance.now() - started, cpuMs: cpuMsSince(cpu), summary });
}
const measured = invocations.slice(job.warmup);
await finish({
  initMs,
  invocations: measured,
  cpuMs: measured.reduce((n, r) => n + r.cpuMs, 0),
  wallMs: measured.reduce((n, r) => n + r.ms, 0),
});
