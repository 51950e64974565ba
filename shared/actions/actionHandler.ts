import { clientForTimeout } from "../client/clientForTimeout.ts";
import type { SignedClient } from "../client/index.ts";
import { isLocalStack, runtimeEnv } from "../config/runtime.ts";
import { resolveCarried } from "../discover/resolveCarried.ts";
import { ActionInputError } from "../errors.ts";
import { type ShepherdHandlerDeps, shepherdHandler } from "../lambda/shepherdHandler.ts";
import { clusterKey } from "../model/clusterIdentity.ts";
import { MetricUnit } from "../observability/telemetry.ts";
import { adapterOptions } from "../providers/target.ts";
import type { ActionResult, PostcheckDeps } from "./actionDeps.ts";
import { type DueEvent, parseDueEvent } from "./parseDueEvent.ts";

/** The three functions that act on due events, by their `functions/<name>` folder. */
export type ActionFunction = "trigger-postcheck" | "cancel-on-failure" | "resume-upgrade";

export interface ActionHandlerDeps extends ShepherdHandlerDeps {
  client?: SignedClient;
  now?: () => Date;
  /** Health probes may reach loopback. Default: only on the local stack (`isLocalStack`). */
  allowLoopback?: boolean;
}

/** One action for its due event's detail (`runPostcheck`, `runCancel`, `runResume`). */
export type RunDue<T extends DueEvent["detailType"]> = (
  detail: DueDetailOf[T],
  deps: PostcheckDeps,
) => Promise<ActionResult>;

type DueDetailOf = { [E in DueEvent as E["detailType"]]: E["detail"] };

/**
 * The three action functions: one due event in (each rule delivers only its own detail-type),
 * outcome events out. They read the inventory and its credentials. A failure the cloud did not
 * act on throws, so Lambda's async retry and the on-failure destination take over; a refusal is
 * reported, not thrown. Each function passes its own action (`run`), so it bundles that one
 * alone (bench, section 1).
 */
export function createActionHandler<T extends DueEvent["detailType"]>(
  name: ActionFunction,
  accepts: T,
  run: RunDue<T>,
  deps: ActionHandlerDeps = {},
) {
  const clientFor = clientForTimeout(deps.client);
  const now = deps.now ?? (() => new Date());
  const allowLoopback = deps.allowLoopback ?? isLocalStack(deps.config?.env ?? runtimeEnv());
  return shepherdHandler(
    {
      name,
      needs: ["inventory", "credentials"],
      parse: (event) => {
        const due = parseDueEvent(event);
        if (due.detailType !== accepts) {
          throw new ActionInputError(`${name} handles ${accepts}, not ${due.detailType}`);
        }
        return due;
      },
      run: async (due, { config, clusters, credentials }, { telemetry }) => {
        const key = clusterKey(due.detail.cluster);
        const actionDeps: PostcheckDeps = {
          // A discovered cluster is not in `clusters`: its ref names the source that found it.
          cluster:
            clusters.find((c) => c.key === key) ??
            resolveCarried([due.detail.cluster], config).resolved[0],
          credentials,
          client: clientFor(config.poll.requestTimeout),
          now,
          adapters: adapterOptions(config.poll),
          probes: { allowLoopback },
        };
        // `parse` let through only `accepts`.
        const { events } = await run(due.detail as DueDetailOf[T], actionDeps);
        for (const e of events) {
          const metric = telemetry.metrics.singleMetric();
          metric.addDimensions({ action: name, outcome: e.detailType });
          metric.addMetric("Actions", MetricUnit.Count, 1);
        }
        const outcomes = events.map((e) => e.detailType);
        return { summary: { dueEventId: due.detail.id, outcomes }, publish: events };
      },
    },
    deps,
  );
}
