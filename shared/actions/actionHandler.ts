import { injectLambdaContext } from "@aws-lambda-powertools/logger/middleware";
import { logMetrics } from "@aws-lambda-powertools/metrics/middleware";
import middy from "@middy/core";
import { clientForTimeout } from "../client/clientForTimeout.ts";
import type { SignedClient } from "../client/index.ts";
import { clusterKey } from "../config/clusterKey.ts";
import type { ResolvedCluster } from "../config/resolveClusters.ts";
import {
  type ShepherdConfigMiddlewareOptions,
  type ShepherdContext,
  shepherdConfigMiddleware,
} from "../config/shepherdConfigMiddleware.ts";
import { type EventBridgeLike, publishEntries } from "../events/publish.ts";
import { toPutEventsEntry } from "../events/toPutEventsEntry.ts";
import { createTelemetry, MetricUnit, type Telemetry } from "../observability/telemetry.ts";
import { ActionInputError } from "./errors.ts";
import { type DueEvent, parseDueEvent } from "./parseDueEvent.ts";
import { runAction } from "./runAction.ts";

export interface ActionHandlerDeps {
  eventBridge: EventBridgeLike;
  client?: SignedClient;
  now?: () => Date;
  config?: ShepherdConfigMiddlewareOptions;
  telemetry?: Telemetry;
  /** Health probes may reach loopback: the local stack only. */
  allowLoopback?: boolean;
}

/**
 * The three action functions share this shape: one due event in (each rule delivers only its
 * own detail-type), outcome events out. A failure the cloud did not act on throws, so Lambda's
 * async retry and the on-failure destination take over; a refusal is reported, not thrown.
 */
export function createActionHandler(
  name: string,
  accepts: DueEvent["detailType"],
  deps: ActionHandlerDeps,
) {
  const clientFor = clientForTimeout(deps.client);
  const now = deps.now ?? (() => new Date());
  const telemetry = deps.telemetry ?? createTelemetry(name);
  return middy<unknown, unknown, Error, ShepherdContext>()
    .use(injectLambdaContext(telemetry.logger))
    .use(logMetrics(telemetry.metrics))
    .use(shepherdConfigMiddleware(deps.config))
    .handler(async (event, context) => {
      const due = parseDueEvent(event);
      if (due.detailType !== accepts) {
        throw new ActionInputError(`${name} handles ${accepts}, not ${due.detailType}`);
      }
      const { config, clusters, credentials } = context.shepherd;
      const client = clientFor(config.poll.requestTimeout);
      const key = clusterKey(due.detail.cluster);
      const { events } = await runAction(due, {
        cluster: clusters.find((c: ResolvedCluster) => c.key === key),
        credentials,
        client,
        now,
        ackUpgradeTaskType: config.poll.ackUpgradeTaskType,
        probes: { allowLoopback: deps.allowLoopback ?? false },
      });
      const published = await publishEntries(
        deps.eventBridge,
        events.map((e) => toPutEventsEntry(e, config.bus)),
      );
      for (const e of events) {
        telemetry.logger.info("outcome", {
          detailType: e.detailType,
          eventId: e.detail.id,
          dueEventId: due.detail.id,
          cluster: due.detail.cluster,
          detail: e.detail,
        });
        const metric = telemetry.metrics.singleMetric();
        metric.addDimensions({ action: name, outcome: e.detailType });
        metric.addMetric("Actions", MetricUnit.Count, 1);
      }
      return {
        dueEventId: due.detail.id,
        outcomes: events.map((e) => e.detailType),
        putEventsCalls: published.calls,
      };
    });
}
