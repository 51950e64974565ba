import type { SimulatorInfo } from "../../infra/local/simConfig.ts";
import { describeSimulator } from "../../infra/local/simulator/cli.ts";
import { createTestClock } from "../../infra/local/simulator/clock.ts";
import { generateScenario } from "../../infra/local/simulator/generateScenario.ts";
import { startSimulator } from "../../infra/local/simulator/server.ts";
import { PUBLISH_MARGIN_MS } from "../../shared/poll/deadline.ts";
import type { Workspace } from "../lib/build.ts";
import { startEventBridgeStub } from "../lib/eventbridge-stub.ts";
import { pollEnv, SEED, scheduledEvent } from "../lib/fleet.ts";
import { runChild } from "../lib/spawn.ts";
import { int, ms, type Table } from "../lib/table.ts";

/**
 * One run in which no request is ever answered (the simulator's timeout fault), against the
 * deployed function's timeout (serverless.yml `timeout: 120`): with a deadline, the run stops
 * reading in time, publishes, and asks for every unread cluster again.
 */
export interface DeadlineCase {
  clusters: number;
  /** Lambda's timeout for the invocation; null runs without a deadline (as before it existed). */
  lambdaTimeoutMs: number | null;
}

export interface DeadlineRun extends DeadlineCase {
  keys: number;
  /** What the handler may read: Lambda's remaining time less the publishing margin. */
  readTimeMs: number | null;
  /** The handler's own time, from invoke to return (init excluded, as Lambda's timeout). */
  invocationMs: number;
  clustersRead: number;
  cutByDeadline: number;
  readErrors: number;
  /** Clusters the published Poll Retry Requested asks to read again. */
  askedAgain: number;
  events: number;
  /** Whether the run returned, and so published, before Lambda would have stopped it. */
  withinTimeout: boolean | null;
}

export interface DeadlineResults {
  requestTimeoutMs: number;
  publishMarginMs: number;
  runs: DeadlineRun[];
}

/** The defaults' per-attempt timeout (`poll.requestTimeout`), which a hanging request waits out. */
const REQUEST_TIMEOUT_MS = 10_000;

export async function measureDeadline(
  ws: Workspace,
  cases: DeadlineCase[],
): Promise<DeadlineResults> {
  const poll = ws.functions.find((f) => f.name === "poll-status");
  if (!poll) throw new Error("no poll-status bundle");
  const stub = await startEventBridgeStub();
  const runs: DeadlineRun[] = [];
  try {
    for (const c of cases) {
      const scenario = {
        ...generateScenario({ count: c.clusters, seed: SEED, accounts: 1 }),
        faults: [{ kind: "timeout" as const, latencyMs: 0, retryAfterSeconds: 0 }],
      };
      const t = new Date(Date.parse(scenario.start));
      const sim = await startSimulator({
        scenario,
        clock: createTestClock(new Date(t.getTime() + 5_000)),
        recordRequests: false,
      });
      try {
        const info = describeSimulator(sim) as unknown as SimulatorInfo;
        const fleet = { sim, scenario, info, t };
        // The defaults, as deployed: the pace is raised only so that it never is the bound.
        const env = pollEnv(fleet, stub, ws.dir, { concurrency: { requestsPerSecond: 1000 } });
        stub.reset();
        const run = await runChild({
          args: [ws.children.poll.file],
          env,
          job: {
            handler: poll.file,
            events: [scheduledEvent(t)],
            warmup: 0,
            lambdaTimeoutMs: c.lambdaTimeoutMs,
          },
          timeoutMs: 600_000,
        });
        const inv = (
          run.result?.invocations as { ms: number; summary: Record<string, number> }[] | undefined
        )?.[0];
        const entries = stub.entries();
        const retry = entries.find((e) => e.detailType === "Poll Retry Requested");
        runs.push({
          ...c,
          keys: 1,
          readTimeMs: c.lambdaTimeoutMs === null ? null : c.lambdaTimeoutMs - PUBLISH_MARGIN_MS,
          invocationMs: inv?.ms ?? Number.NaN,
          clustersRead: Number(inv?.summary.clustersRead ?? 0),
          cutByDeadline: Number(inv?.summary.cutByDeadline ?? 0),
          readErrors: Number(inv?.summary.errors ?? 0),
          askedAgain: (retry?.detail.clusters as unknown[] | undefined)?.length ?? 0,
          events: entries.length,
          withinTimeout:
            c.lambdaTimeoutMs === null
              ? (inv?.ms ?? Infinity) <= 120_000
              : inv !== undefined && inv.ms <= c.lambdaTimeoutMs,
        });
      } finally {
        await sim.close();
      }
    }
  } finally {
    await stub.close();
  }
  return { requestTimeoutMs: REQUEST_TIMEOUT_MS, publishMarginMs: PUBLISH_MARGIN_MS, runs };
}

export function deadlineTable(r: DeadlineResults | undefined): Table {
  const title = `6. Deadline (every request hangs; one key; default limits and ${r ? r.requestTimeoutMs / 1000 : 10} s request timeout)`;
  if (!r) return { title, head: ["not measured in this run"], rows: [] };
  return {
    title,
    head: [
      "clusters",
      "keys",
      "Lambda timeout",
      "read until",
      "invocation",
      "read",
      "cut by deadline",
      "asked to re-read",
      "events published",
      "ends before the timeout",
    ],
    rows: r.runs.map((x) => [
      int(x.clusters),
      int(x.keys),
      x.lambdaTimeoutMs === null ? "none (no deadline)" : ms(x.lambdaTimeoutMs),
      x.readTimeMs === null ? "-" : ms(x.readTimeMs),
      ms(x.invocationMs),
      int(x.clustersRead),
      int(x.cutByDeadline),
      int(x.askedAgain),
      int(x.events),
      x.withinTimeout === null ? "-" : x.withinTimeout ? "yes" : "no (killed at 120 s)",
    ]),
    notes: [
      `Read until: Lambda's remaining time less ${r.publishMarginMs / 1000} s kept for publishing (functions/poll-status reads context.getRemainingTimeInMillis()).`,
      "The rows without a deadline are held against the deployed 120 s timeout: a run past it is stopped before it publishes anything.",
      "Invocation: the bundled handler in a fresh process, from invoke to return, publishing to a loopback EventBridge stub included.",
    ],
  };
}
