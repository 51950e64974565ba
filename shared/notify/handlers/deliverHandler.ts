import { setTimeout as delay } from "node:timers/promises";
import { injectLambdaContext } from "@aws-lambda-powertools/logger/middleware";
import { logMetrics } from "@aws-lambda-powertools/metrics/middleware";
import middy from "@middy/core";
import { createKeepAliveFetch, type FetchLike } from "../../client/transport.ts";
import {
  type ShepherdConfigMiddlewareOptions,
  type ShepherdContext,
  shepherdConfigMiddleware,
} from "../../config/shepherdConfigMiddleware.ts";
import { createTelemetry, MetricUnit, type Telemetry } from "../../observability/telemetry.ts";
import type { Receiver } from "../config.ts";
import { deliver } from "../deliver.ts";
import { parseDeliveryRequested } from "../deliveryRequested.ts";
import type { ResolveSecret } from "../receiverSecrets.ts";
import { guardedLookup, systemLookup } from "../urlPolicy.ts";

export interface DeliverHandlerDeps {
  resolveSecret: ResolveSecret;
  /** The local stack only: plain http and loopback hosts (the sink on 127.0.0.1). */
  local?: boolean;
  /** Tests pass their own; by default one keep-alive fetch per network policy. */
  fetchFor?: (allowPrivateNetwork: boolean) => FetchLike;
  now?: () => Date;
  sleep?: (ms: number) => Promise<void>;
  config?: ShepherdConfigMiddlewareOptions;
  telemetry?: Telemetry;
}

/**
 * deliver: one `Delivery Requested` per invocation, to one receiver. A retryable failure (429,
 * 5xx, network) throws after the in-invocation retries, so Lambda's async retry and this
 * function's on-failure queue apply to that receiver alone.
 */
export function createDeliverHandler(deps: DeliverHandlerDeps) {
  const telemetry = deps.telemetry ?? createTelemetry("deliver");
  const fetches = new Map<boolean, FetchLike>();
  const fetchFor =
    deps.fetchFor ??
    ((allowPrivate: boolean) => {
      let f = fetches.get(allowPrivate);
      if (!f) {
        // What the URL policy checked is what the socket dials: the agent's own lookup is the
        // same SSRF guard (shared/net), which closes the DNS-rebinding gap between check and
        // connect. A receiver that allows its private network still never reaches a reserved,
        // multicast or unspecified address.
        f = createKeepAliveFetch({ lookup: guardedLookup(allowPrivate, allowPrivate) });
        fetches.set(allowPrivate, f);
      }
      return f;
    });
  return middy<unknown, unknown, Error, ShepherdContext>()
    .use(injectLambdaContext(telemetry.logger))
    .use(logMetrics(telemetry.metrics))
    .use(shepherdConfigMiddleware(deps.config))
    .handler(async (event, context) => {
      const delivery = parseDeliveryRequested(event);
      const { config } = context.shepherd;
      const receiver = config.receivers.find((r: Receiver) => r.name === delivery.receiver);
      const local = deps.local ?? false;
      const result = await deliver(delivery, config, {
        fetch: fetchFor(local || (receiver?.allowPrivateNetwork ?? false)),
        resolveSecret: deps.resolveSecret,
        lookup: systemLookup,
        now: deps.now ?? (() => new Date()),
        sleep: deps.sleep ?? ((ms) => delay(ms)),
        allowHttp: local,
        allowLoopback: local,
        logger: telemetry.logger,
      });
      const metric = telemetry.metrics.singleMetric();
      metric.addDimensions({ receiver: delivery.receiver, outcome: result.outcome });
      metric.addMetric("Deliveries", MetricUnit.Count, 1);
      telemetry.logger.info("delivery", { ...result });
      return result;
    });
}
