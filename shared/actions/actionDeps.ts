import type { SignedClient } from "../client/client.ts";
import type { CredentialSets } from "../config/credentialSets.ts";
import type { ResolvedCluster } from "../config/resolveClusters.ts";
import type { RequestedBy } from "../events/requestedBy.ts";
import type { ShepherdEvent } from "../events/shepherdEvent.ts";
import type { ProbeOptions } from "./probes/probeTypes.ts";

/** What an action function needs besides the due event. Every side effect is passed in. */
export interface ActionDeps {
  /**
   * The cluster's config, found by `clusterKey(due.cluster)`. Undefined when the cluster has
   * left the inventory since the poll: the action is then skipped (reason `policy`).
   */
  cluster: ResolvedCluster | undefined;
  /** `CredentialSets` fits; a set that failed to load is reported as Action Failed. */
  credentials: Pick<CredentialSets, "get">;
  client: SignedClient;
  /** The action's clock: the maintenance window is judged at this instant, not at the run's T. */
  now: () => Date;
  /** `config.poll.ackUpgradeTaskType`, so the re-read finds the same ACK task the poll did. */
  ackUpgradeTaskType?: string | undefined;
  /** A dry run for the whole deployment, on top of the config's `dryRun`. */
  dryRun?: boolean | undefined;
  /**
   * A person pressed this action in chat (`runPress`). The same guarded path runs, with two
   * differences: the press is the consent that the cluster's `onPause`/`onFailure`/`postcheck`
   * policy gives an automatic action, and a resume outside the maintenance window goes ahead
   * only when `overrideWindow` is set (and the outcome says so).
   */
  press?: Press | undefined;
}

/** Who pressed, and what the receiver lets them do beyond the automatic path. */
export interface Press {
  requestedBy: RequestedBy;
  /** The receiver allows it (`actions.overrideWindow`), judged on the config as it is now. */
  overrideWindow: boolean;
}

export interface PostcheckDeps extends ActionDeps {
  /** Fetch, DNS and address policy for the cluster's HTTP health probes. */
  probes?: ProbeOptions | undefined;
}

/** The outcome events, for the handler to publish. A transient failure throws instead. */
export interface ActionResult {
  events: ShepherdEvent[];
}
