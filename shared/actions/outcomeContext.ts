import { ActionInputError } from "../errors.ts";
import type { OutcomeAction } from "../events/outcomeDetails.ts";
import type { UpgradeDueDetail } from "../events/rolloutDetails.ts";
import { clusterKey } from "../model/clusterIdentity.ts";
import type { ActionDeps } from "./actionDeps.ts";
import type { OutcomeContext } from "./outcomeEvents.ts";
import type { DueDetail } from "./parseDueEvent.ts";

/**
 * Starts an answer to one due event. A dry run anywhere (the poll's view of the policy, the
 * config now, the deployment) makes it a dry run: of two views of a safety switch, the safe one
 * wins.
 */
export function outcomeContext<D extends DueDetail | UpgradeDueDetail>(
  due: D,
  action: OutcomeAction,
  deps: ActionDeps,
): OutcomeContext<D> {
  if (deps.cluster && deps.cluster.key !== clusterKey(due.cluster)) {
    throw new ActionInputError(
      `the due event is for ${clusterKey(due.cluster)} but the handler passed ${deps.cluster.key}`,
    );
  }
  return {
    due,
    action,
    dryRun: due.policy.dryRun || deps.cluster?.policy.dryRun === true || deps.dryRun === true,
    // A press names its upgrade by id only (`runPress`): nothing is known of it until the read.
    upgrade: deps.press ? null : due.upgrade,
    at: deps.now(),
    // A press, or an Upgrade Due a person approved in chat (its requestedBy): the outcomes say who.
    requestedBy: deps.press?.requestedBy ?? ("requestedBy" in due ? due.requestedBy : undefined),
  };
}

/** The due event outlived the cluster's place in the config: nothing may act on it now. */
export const notInInventory = (due: DueDetail | UpgradeDueDetail): string =>
  `${clusterKey(due.cluster)} is no longer in the inventory`;
