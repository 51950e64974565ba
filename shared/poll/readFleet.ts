import pLimit from "p-limit";
import type { SignedClient } from "../client/client.ts";
import { type Failure, failureFrom } from "../model/failure.ts";
import type { UpgradeSnapshot } from "../model/snapshot.ts";
import { readSnapshot } from "../providers/read.ts";
import type { AdapterOptions, ClusterTarget, ReadContext } from "../providers/target.ts";
import { CredentialGate } from "./credentialGate.ts";
import { type ConcurrencyLimits, DEFAULT_LIMITS, LimitedClients } from "./limitedClient.ts";

export interface FleetMember {
  target: ClusterTarget;
  /** The credential set's name (never its secret): the unit of throttling and of auth failure. */
  credentialSet: string;
}

/** Why one cluster could not be read: the one failure shape of `shared/model/failure.ts`. */
export type ReadFailure = Failure;

export interface FleetRead {
  snapshots: UpgradeSnapshot[];
  failures: ReadFailure[];
}

export interface ReadFleetOptions {
  client: SignedClient;
  now: () => Date;
  /** The adapters' options (`adapterOptions(config.poll)`), the same for every cluster. */
  adapters: AdapterOptions;
  limits?: ConcurrencyLimits | undefined;
  /** Clusters read at once; requests are limited further per provider and credential set. */
  clustersInFlight?: number | undefined;
  /**
   * The run's deadline (`runDeadline`): when it fires, no request starts, the ones in flight are
   * cut, and the read returns at once; each cluster not read by then is a `deadline` failure.
   */
  deadline?: AbortSignal | undefined;
  /** The run's credential gate, when an earlier phase (discovery) already used the keys. */
  gate?: CredentialGate | undefined;
  /** What one read is; default `readSnapshot`, the cluster's upgrade state. */
  read?: ((target: ClusterTarget, ctx: ReadContext) => Promise<UpgradeSnapshot>) | undefined;
}

/**
 * Reads every cluster once, concurrently within the limits, and gives each member exactly one
 * outcome: a snapshot or a failure. One cluster's failure never stops the others, and a
 * credential set refused once is not tried again in this run.
 */
export async function readFleet(
  members: readonly FleetMember[],
  options: ReadFleetOptions,
): Promise<FleetRead> {
  const { deadline } = options;
  const clients = new LimitedClients(
    options.client,
    options.gate ?? new CredentialGate(),
    options.limits ?? DEFAULT_LIMITS,
    deadline,
  );
  const limit = pLimit(options.clustersInFlight ?? 256);
  const snapshots: (UpgradeSnapshot | undefined)[] = new Array(members.length);
  const failures: (ReadFailure | undefined)[] = new Array(members.length);
  const context = (m: FleetMember) => ({
    cluster: m.target.cluster,
    credentialSet: m.credentialSet,
  });
  const reads = Promise.all(
    members.map((member, i) =>
      limit(async () => {
        if (deadline?.aborted) return;
        const client = clients.for(member.target.cluster.provider, member.credentialSet);
        try {
          snapshots[i] = await (options.read ?? readSnapshot)(member.target, {
            client,
            now: options.now,
            adapters: options.adapters,
          });
        } catch (error) {
          failures[i] = failureFrom(error, context(member));
        }
      }),
    ),
  );
  if (deadline) {
    await Promise.race([reads, aborted(deadline)]);
    limit.clearQueue();
  } else {
    await reads;
  }
  // Taken now: a read cut by the deadline may still settle later, and must not change the result.
  // Without a deadline every read has settled; with one, what has not was cut by it.
  const outcomes = members.map((member, i) => {
    const snapshot = snapshots[i];
    if (snapshot) return { snapshot };
    return { failure: failures[i] ?? failureFrom(deadline?.reason, context(member)) };
  });
  return {
    snapshots: outcomes.flatMap((o) => (o.snapshot ? [o.snapshot] : [])),
    failures: outcomes.flatMap((o) => (o.failure ? [o.failure] : [])),
  };
}

/** Resolves when the signal aborts (at once if it already has). */
const aborted = (signal: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    if (signal.aborted) resolve();
    else signal.addEventListener("abort", () => resolve(), { once: true });
  });
