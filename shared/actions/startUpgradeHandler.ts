import { clientForTimeout } from "../client/clientForTimeout.ts";
import type { SignedClient } from "../client/index.ts";
import { resolveCarried } from "../discover/resolveCarried.ts";
import { UpgradeDueDetailSchema } from "../events/rolloutDetails.ts";
import { busEventSchema } from "../lambda/busEnvelope.ts";
import { type ShepherdHandlerDeps, shepherdHandler } from "../lambda/shepherdHandler.ts";
import { clusterKey } from "../model/clusterIdentity.ts";
import { MetricUnit } from "../observability/telemetry.ts";
import { adapterOptions } from "../providers/target.ts";
import { runStartUpgrade } from "./runStartUpgrade.ts";

const UpgradeDueBusEventSchema = busEventSchema("Upgrade Due", UpgradeDueDetailSchema);

export interface StartUpgradeHandlerDeps extends ShepherdHandlerDeps {
  client?: SignedClient;
  now?: () => Date;
  /** How an approved start waits between reads of its precheck (default: real time). */
  sleep?: (ms: number) => Promise<void>;
}

/**
 * An approved start waits at most this long for the precheck it started (CCE and ACK prechecks
 * take minutes), reading it every 15 s: the function's timeout (serverless.yml) is 15 minutes.
 */
export const APPROVED_PRECHECK_WAIT = { maxMs: 10 * 60_000, everyMs: 15_000 };

/**
 * start-upgrade (issue 19): one Upgrade Due in (its rule delivers only that detail-type),
 * outcome events out, like the three action functions (`createActionHandler`). It reads the
 * inventory, the rollouts and the credentials. An approved start waits for its precheck
 * (`APPROVED_PRECHECK_WAIT`). An event that does not parse throws a ZodError
 * naming the field (the on-failure destination keeps it); a transient failure throws for
 * Lambda's retry; a refusal is reported.
 */
export function createStartUpgradeHandler(deps: StartUpgradeHandlerDeps = {}) {
  const clientFor = clientForTimeout(deps.client);
  const now = deps.now ?? (() => new Date());
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  return shepherdHandler(
    {
      name: "start-upgrade",
      needs: ["inventory", "credentials"],
      parse: (event) => UpgradeDueBusEventSchema.parse(event).detail,
      run: async (due, { config, clusters, credentials }, { telemetry }) => {
        const key = clusterKey(due.cluster);
        const { events } = await runStartUpgrade(due, {
          cluster:
            clusters.find((c) => c.key === key) ??
            resolveCarried([due.cluster], config).resolved[0],
          credentials,
          client: clientFor(config.poll.requestTimeout),
          now,
          adapters: adapterOptions(config.poll),
          rollouts: config.rollouts,
          precheckWait: { ...APPROVED_PRECHECK_WAIT, sleep },
        });
        for (const e of events) {
          const metric = telemetry.metrics.singleMetric();
          metric.addDimensions({ action: "start-upgrade", outcome: e.detailType });
          metric.addMetric("Actions", MetricUnit.Count, 1);
        }
        const outcomes = events.map((e) => e.detailType);
        return { summary: { dueEventId: due.id, outcomes }, publish: events };
      },
    },
    deps,
  );
}
