import type { ResolvedCluster } from "../config/resolveClusters.ts";
import type { UpgradeDueDetail } from "../events/rolloutDetails.ts";
import type { ShepherdEvent } from "../events/shepherdEvent.ts";
import type { Upgrade, UpgradeSnapshot } from "../model/snapshot.ts";
import { readSnapshot } from "../providers/read.ts";
import type { ClusterTarget } from "../providers/target.ts";
import type { ActionDeps } from "./actionDeps.ts";
import { type ActionError, reportableError } from "./actionError.ts";
import { actionTarget } from "./actionTarget.ts";
import { actionFailed, type OutcomeContext } from "./outcomeEvents.ts";
import type { DueDetail } from "./parseDueEvent.ts";

/**
 * Reads the cluster with the poller's own adapter, right before acting (DESIGN.md: act only on
 * what was read). A transient failure throws, like any other; a permanent one is returned, to
 * be reported.
 */
export async function freshRead(
  target: ClusterTarget,
  deps: Pick<ActionDeps, "client" | "now" | "adapters">,
): Promise<{ upgrade: Upgrade | null; snapshot: UpgradeSnapshot } | { error: ActionError }> {
  try {
    const snapshot = await readSnapshot(target, {
      client: deps.client,
      now: deps.now,
      adapters: deps.adapters,
    });
    return { upgrade: snapshot.upgrade, snapshot };
  } catch (error) {
    return { error: reportableError(error) };
  }
}

/**
 * The start every action shares: the cluster's target (its keys may fail to load) and a fresh
 * read of it. A permanent failure of either is already the Action Failed to report.
 */
export async function targetAndRead<D extends DueDetail | UpgradeDueDetail>(
  start: OutcomeContext<D>,
  cluster: ResolvedCluster,
  deps: ActionDeps,
): Promise<
  | {
      target: ClusterTarget;
      ctx: OutcomeContext<D>;
      upgrade: Upgrade | null;
      snapshot: UpgradeSnapshot;
    }
  | { events: ShepherdEvent[] }
> {
  let target: ClusterTarget;
  try {
    // From the config as it is now, not as the poll saw it; a set that did not load throws.
    target = actionTarget(cluster, deps);
  } catch (error) {
    return { events: [actionFailed(start, reportableError(error))] };
  }
  const read = await freshRead(target, deps);
  if ("error" in read) return { events: [actionFailed(start, read.error)] };
  return {
    target,
    ctx: { ...start, upgrade: read.upgrade },
    upgrade: read.upgrade,
    snapshot: read.snapshot,
  };
}
