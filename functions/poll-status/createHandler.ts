import { injectLambdaContext } from "@aws-lambda-powertools/logger/middleware";
import { logMetrics } from "@aws-lambda-powertools/metrics/middleware";
import middy from "@middy/core";
import { clientForTimeout } from "../../shared/client/clientForTimeout.ts";
import type { SignedClient } from "../../shared/client/index.ts";
import {
  type ShepherdConfigMiddlewareOptions,
  type ShepherdContext,
  shepherdConfigMiddleware,
} from "../../shared/config/shepherdConfigMiddleware.ts";
import type { EventBridgeLike } from "../../shared/events/publish.ts";
import { createTelemetry, type Telemetry } from "../../shared/observability/telemetry.ts";
import { lambdaReadTime } from "../../shared/poll/deadline.ts";
import { handlePoll } from "../../shared/poll/handlePoll.ts";
import { parsePollEvent } from "../../shared/poll/pollEvent.ts";

export interface PollStatusDeps {
  eventBridge: EventBridgeLike;
  telemetry?: Telemetry;
  client?: SignedClient;
  now?: () => Date;
  config?: ShepherdConfigMiddlewareOptions;
}

/** poll-status: the schedule, a shard request or a retry request in; events on the bus out. */
export function createPollStatusHandler(deps: PollStatusDeps) {
  const clientFor = clientForTimeout(deps.client);
  const now = deps.now ?? (() => new Date());
  const telemetry = deps.telemetry ?? createTelemetry("poll-status");
  return middy<unknown, unknown, Error, ShepherdContext>()
    .use(injectLambdaContext(telemetry.logger))
    .use(logMetrics(telemetry.metrics))
    .use(shepherdConfigMiddleware(deps.config))
    .handler(async (event, context) => {
      const client = clientFor(context.shepherd.config.poll.requestTimeout);
      return handlePoll(parsePollEvent(event), context.shepherd, {
        client,
        eventBridge: deps.eventBridge,
        now,
        telemetry,
        readTimeMs: lambdaReadTime(context),
      });
    });
}
