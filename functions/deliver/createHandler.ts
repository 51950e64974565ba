import { setTimeout as delay } from "node:timers/promises";
import { createButtonMaker } from "../../shared/chat/createButtonMaker.ts";
import type { FetchLike } from "../../shared/client/transport.ts";
import { isLocalStack, runtimeEnv } from "../../shared/config/runtime.ts";
import { type ShepherdHandlerDeps, shepherdHandler } from "../../shared/lambda/shepherdHandler.ts";
import { guardedFetchFor } from "../../shared/net/guardedFetchFor.ts";
import { findReceiver } from "../../shared/notify/config.ts";
import { type ButtonMaker, deliver } from "../../shared/notify/deliver.ts";
import { parseDeliveryRequested } from "../../shared/notify/deliveryRequested.ts";
import { createReceiverSecrets, type ResolveSecret } from "../../shared/notify/receiverSecrets.ts";
import { systemLookup } from "../../shared/notify/urlPolicy.ts";
import { MetricUnit } from "../../shared/observability/telemetry.ts";

export interface DeliverHandlerDeps extends ShepherdHandlerDeps {
  /** Default: the receiver secret store (Secrets Manager, or the environment locally). */
  resolveSecret?: ResolveSecret;
  /** Plain http and loopback hosts (the sink on 127.0.0.1). Default: only on the local stack. */
  local?: boolean;
  /** Tests pass their own; by default one keep-alive fetch per network policy. */
  fetchFor?: (allowPrivateNetwork: boolean) => FetchLike;
  now?: () => Date;
  sleep?: (ms: number) => Promise<void>;
  /** Signs action buttons for receivers with `actions` (issue 16). Default: from the chat secret. */
  buttons?: ButtonMaker;
}

/**
 * deliver: one `Delivery Requested` per invocation, to one receiver, whose secret it reads then
 * (and no other secret). A retryable failure (429, 5xx, network) throws after the in-invocation
 * retries, so Lambda's async retry and this function's on-failure queue apply to that receiver
 * alone.
 */
export function createDeliverHandler(deps: DeliverHandlerDeps = {}) {
  const env = deps.config?.env ?? runtimeEnv();
  const local = deps.local ?? isLocalStack(env);
  const resolveSecret =
    deps.resolveSecret ??
    createReceiverSecrets({ env, secretsManager: deps.config?.secretsManager });
  const buttons = deps.buttons ?? createButtonMaker({ env });
  const fetchFor = deps.fetchFor ?? guardedFetchFor();
  return shepherdHandler(
    {
      name: "deliver",
      needs: [],
      parse: parseDeliveryRequested,
      run: async (delivery, { config }, { telemetry }) => {
        const receiver = findReceiver(config, delivery.receiver);
        const result = await deliver(delivery, config, {
          fetch: fetchFor(local || (receiver?.allowPrivateNetwork ?? false)),
          resolveSecret,
          lookup: systemLookup,
          now: deps.now ?? (() => new Date()),
          sleep: deps.sleep ?? ((ms) => delay(ms)),
          allowHttp: local,
          allowLoopback: local,
          logger: telemetry.logger,
          buttons,
        });
        const metric = telemetry.metrics.singleMetric();
        metric.addDimensions({ receiver: delivery.receiver, outcome: result.outcome });
        metric.addMetric("Deliveries", MetricUnit.Count, 1);
        telemetry.logger.info("delivery", { ...result });
        return { summary: result };
      },
    },
    deps,
  );
}
