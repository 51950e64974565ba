import { Logger, type LogItem } from "@aws-lambda-powertools/logger";
import { Metrics } from "@aws-lambda-powertools/metrics";
import { createPollStatusHandler } from "../../functions/poll-status/createHandler.ts";
import { configForSimulator } from "../../infra/local/simConfig.ts";
import { describeSimulator } from "../../infra/local/simulator/cli.ts";
import { createTestClock, type TestClock } from "../../infra/local/simulator/clock.ts";
import { loadScenario } from "../../infra/local/simulator/loadScenario.ts";
import { type Simulator, startSimulator } from "../../infra/local/simulator/server.ts";
import { startWebhookSink, type WebhookSink } from "../../infra/local/sink/server.ts";
import { createSignedClient } from "../../shared/client/index.ts";
import { type RecordedEvent, recordingBus, scheduledEvent } from "./recording-bus.ts";

export const MIN = 60_000;

/** Keeps each log line Powertools would print (its own extension point), instead of printing it. */
export class CapturingLogger extends Logger {
  readonly lines: Record<string, unknown>[] = [];
  protected override printLog(_level: number, log: LogItem): void {
    log.prepareForPrint();
    this.lines.push(JSON.parse(JSON.stringify(log.getAttributes(), this.getJsonReplacer())));
  }
}

/** The sink's Alertmanager answers with these; the target's secret holds them. */
export const AM_USER = { username: "shepherd", password: "am-password-8f3c1e" };
/** The sink's PagerDuty REST API key; the target's secret holds it. */
export const PD_TOKEN = "u+pdRestKey-9a8b7c6d5e";
export const PD_SERVICES = ["PIJ90N7", "PQ9K7I8"];

export interface QuietStack {
  sim: Simulator;
  sink: WebhookSink;
  clock: TestClock;
  start: number;
  logger: CapturingLogger;
  /** Runs the schedule at start + m minutes, reading `afterMs` later (default 5 s). */
  runAt(
    m: number,
    afterMs?: number,
  ): Promise<{ summary: Record<string, unknown>; events: RecordedEvent[] }>;
  /** Every secret value the stack was given: none may appear in a log line or an event. */
  secrets: string[];
  close(): Promise<void>;
}

/**
 * The real poll-status handler (config middleware, signed client, adapters, judge, the quiet
 * step over the one HTTP stack and the SSRF guard, publisher) against the simulator's demo
 * scenario and the webhook sink playing Alertmanager (basic auth) and PagerDuty, all over
 * loopback on one test clock. EventBridge is the one fake (a recording client); `IS_OFFLINE`
 * lets the targets be plain http on 127.0.0.1, as in the local stack.
 */
export async function startQuietStack(options: {
  clusters?: string[];
  quiet?: (urls: { alertmanager: string; pagerduty: string }) => Record<string, unknown>;
  overrides?: Record<string, Record<string, unknown>>;
  defaults?: Record<string, unknown>;
  env?: Record<string, string>;
}): Promise<QuietStack> {
  const demo = await loadScenario("demo");
  const scenario = {
    ...demo,
    clusters: options.clusters
      ? demo.clusters.filter((c) => options.clusters?.includes(c.name))
      : demo.clusters,
  };
  const start = Date.parse(scenario.start);
  const clock = createTestClock(new Date(start));
  const sim = await startSimulator({ scenario, clock });
  const sink = await startWebhookSink({
    now: clock.now,
    alertmanager: { auth: { basic: AM_USER } },
    pagerduty: { token: PD_TOKEN, services: PD_SERVICES },
  });
  const urls = { alertmanager: sink.alertmanager?.url ?? "", pagerduty: sink.pagerduty?.url ?? "" };
  const quiet = options.quiet?.(urls) ?? {
    targets: [
      { name: "prod-am", type: "alertmanager", url: urls.alertmanager, auth: "basic" },
      {
        name: "oncall",
        type: "pagerduty",
        url: urls.pagerduty,
        from: "ops@example.com",
        services: PD_SERVICES,
      },
    ],
  };
  const generated = configForSimulator(describeSimulator(sim) as never, {
    defaults: { stallAfter: "10m", ...options.defaults, quietDuringUpgrade: quiet },
    overrides: options.overrides ?? {},
  });
  const secretEnv = {
    SHEPHERD_QUIET_PROD_AM: JSON.stringify(AM_USER),
    SHEPHERD_QUIET_ONCALL_TOKEN: PD_TOKEN,
    ...options.env,
  };
  const bus = recordingBus();
  const logger = new CapturingLogger({ serviceName: "upgrade-shepherd", logLevel: "DEBUG" });
  const handler = createPollStatusHandler({
    eventBridge: bus,
    // Retries are real; only their waits are skipped, so the suite does not sleep.
    client: createSignedClient({ sleep: async () => {} }),
    now: clock.now,
    telemetry: { logger, metrics: new Metrics({ namespace: "UpgradeShepherd" }) },
    config: {
      env: {
        ...generated.env,
        ...secretEnv,
        IS_OFFLINE: "true",
        SHEPHERD_CONFIG_JSON: JSON.stringify(generated.config),
      },
    },
  });
  const secrets = [
    AM_USER.password,
    PD_TOKEN,
    Buffer.from(`${AM_USER.username}:${AM_USER.password}`).toString("base64"),
    ...Object.values(generated.env).map((v) => (JSON.parse(v) as { sk: string }).sk),
  ];
  return {
    sim,
    sink,
    clock,
    start,
    logger,
    secrets,
    runAt: async (m, afterMs = 5_000) => {
      clock.set(new Date(start + m * MIN + afterMs));
      const from = bus.events.length;
      const summary = (await handler(
        scheduledEvent(new Date(start + m * MIN)),
        {} as never,
      )) as Record<string, unknown>;
      // Credentials Accepted says, every run, which keys worked (issue 14; its own tests cover
      // it): left out so each test lists the run's quiet and lifecycle events only.
      const events = bus.events.slice(from).filter((e) => e.detailType !== "Credentials Accepted");
      return { summary, events };
    },
    close: async () => {
      await sink.close();
      await sim.close();
    },
  };
}

/** `Alerts Silenced cce-success prod-am`: the type, the cluster's name and the target. */
export const quietLine = (e: RecordedEvent): string =>
  [
    e.detailType,
    (e.detail.cluster as { name?: string } | undefined)?.name ?? "",
    (e.detail.target as { name?: string } | undefined)?.name ?? "",
  ]
    .join(" ")
    .trim();
