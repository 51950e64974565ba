import { injectLambdaContext } from "@aws-lambda-powertools/logger/middleware";
import { logMetrics } from "@aws-lambda-powertools/metrics/middleware";
import middy from "@middy/core";
import type { ConfigNeed, ConfigSlice } from "../config/loadShepherdConfig.ts";
import {
  type ShepherdConfigMiddlewareOptions,
  type ShepherdContext,
  shepherdConfigMiddleware,
} from "../config/shepherdConfigMiddleware.ts";
import type { DetailType } from "../events/catalogue.ts";
import { lazyEventBridgeClient } from "../events/lazyEventBridge.ts";
import { type EventBridgeLike, publishEntries } from "../events/publish.ts";
import { busEntry } from "../events/toPutEventsEntry.ts";
import { createTelemetry, MetricUnit, type Telemetry } from "../observability/telemetry.ts";

/** An event a function publishes: any registry row's detail-type and its detail. */
export interface BusMessage {
  readonly detailType: DetailType;
  /** What the log line names: its id, and its cluster, receiver and severity where it has them. */
  readonly detail: {
    readonly id: string;
    readonly cluster?: unknown;
    readonly receiver?: unknown;
    readonly severity?: unknown;
  };
  /** ISO 8601; default EventBridge's own (the time of the PutEvents call). */
  readonly time?: string | undefined;
}

/** What a run hands back: its summary (the invocation's result) and what to publish. */
export interface RunOutcome<S extends object> {
  summary: S;
  publish?: readonly BusMessage[];
}

/** What a run may use besides its input and config. */
export interface RunTools {
  telemetry: Telemetry;
  /** For a run that publishes on its own (poll-status's fan-out and run). */
  eventBridge: EventBridgeLike;
  /** Lambda's context object as received (`getRemainingTimeInMillis` for a run's deadline). */
  lambdaContext: unknown;
}

/** One function: its name, the config it loads, how it reads its event, and what it does. */
export interface ShepherdHandlerSpec<N extends ConfigNeed, I, S extends object> {
  /** `functions/<name>`: the logger's `function` key. */
  name: string;
  /** What it loads beyond the config document (`ConfigNeed`), and so may read. */
  needs: readonly N[];
  /** Reads the Lambda event; throws a typed error (a ZodError naming the field) otherwise. */
  parse: (event: unknown) => I;
  run: (input: I, shepherd: ConfigSlice<N>, tools: RunTools) => Promise<RunOutcome<S>>;
}

/** What a test (or the local stack) passes in; each has the deployed default. */
export interface ShepherdHandlerDeps {
  /** The config sources and AWS clients; default the process environment and SDK clients. */
  config?: Omit<ShepherdConfigMiddlewareOptions, "needs"> | undefined;
  /** Default: an EventBridge client created on the first publish. */
  eventBridge?: EventBridgeLike | undefined;
  telemetry?: Telemetry | undefined;
}

/**
 * Builds a function's Lambda handler: Powertools logger and metrics, the config middleware
 * loading `needs` at cold start, then `parse`, `run`, and publishing what `run` returns (one
 * `published` log line and one `Events` count by detail-type for each). The result is the
 * run's summary, plus `putEventsCalls` when it published.
 */
export function shepherdHandler<N extends ConfigNeed, I, S extends object>(
  spec: ShepherdHandlerSpec<N, I, S>,
  deps: ShepherdHandlerDeps = {},
) {
  const telemetry = deps.telemetry ?? createTelemetry(spec.name);
  const eventBridge = deps.eventBridge ?? lazyEventBridgeClient();
  return middy<unknown, unknown, Error, ShepherdContext<N>>()
    .use(injectLambdaContext(telemetry.logger))
    .use(logMetrics(telemetry.metrics))
    .use(shepherdConfigMiddleware<N>({ ...deps.config, needs: spec.needs }))
    .handler(async (event, context) => {
      const input = spec.parse(event);
      const { config } = context.shepherd;
      const { summary, publish } = await spec.run(input, context.shepherd, {
        telemetry,
        eventBridge,
        lambdaContext: context,
      });
      if (publish === undefined) return summary;
      const published = await publishEntries(
        eventBridge,
        publish.map((m) => busEntry(m.detailType, m.detail, config.bus, timeOf(m))),
      );
      observePublished(telemetry, publish);
      return { ...summary, putEventsCalls: published.calls };
    });
}

const timeOf = (m: BusMessage): Date | undefined => (m.time ? new Date(m.time) : undefined);

/** One line per event, keyed by what it is about, and one count per detail-type. */
function observePublished({ logger, metrics }: Telemetry, messages: readonly BusMessage[]) {
  const counts = new Map<string, number>();
  for (const m of messages) {
    const { id, severity, cluster, receiver } = m.detail;
    logger.info("published", {
      detailType: m.detailType,
      eventId: id,
      severity,
      cluster,
      receiver,
    });
    counts.set(m.detailType, (counts.get(m.detailType) ?? 0) + 1);
  }
  for (const [detailType, count] of counts) {
    const single = metrics.singleMetric();
    single.addDimension("detailType", detailType);
    single.addMetric("Events", MetricUnit.Count, count);
  }
}
