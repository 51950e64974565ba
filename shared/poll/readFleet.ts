import pLimit from "p-limit";
import type { SignedClient } from "../client/client.ts";
import { ProviderError, type ProviderErrorKind } from "../client/errors.ts";
import type { ClusterRef } from "../model/cluster.ts";
import type { UpgradeSnapshot } from "../model/snapshot.ts";
import { readSnapshot } from "../providers/read.ts";
import type { ClusterTarget } from "../providers/target.ts";
import { CredentialGate } from "./credentialGate.ts";
import { type ConcurrencyLimits, DEFAULT_LIMITS, LimitedClients } from "./limitedClient.ts";

export interface FleetMember {
  target: ClusterTarget;
  /** The credential set's name (never its secret): the unit of throttling and of auth failure. */
  credentialSet: string;
}

/** Why one cluster could not be read. Safe to publish: no secret is in it. */
export interface ReadFailure {
  cluster: ClusterRef;
  credentialSet: string;
  kind: ProviderErrorKind | "internal";
  operation: string | undefined;
  status: number | undefined;
  code: string | undefined;
  message: string;
  requestId: string | undefined;
  /** The first 2 KB of a body that could not be parsed. */
  rawBody: string | undefined;
  attempts: number;
}

export interface FleetRead {
  snapshots: UpgradeSnapshot[];
  failures: ReadFailure[];
}

export interface ReadFleetOptions {
  client: SignedClient;
  now: () => Date;
  limits?: ConcurrencyLimits | undefined;
  /** Clusters read at once; requests are limited further per provider and credential set. */
  clustersInFlight?: number | undefined;
}

/**
 * Reads every cluster once, concurrently within the limits. One cluster's failure never stops
 * the others, and a credential set refused once is not tried again in this run.
 */
export async function readFleet(
  members: readonly FleetMember[],
  options: ReadFleetOptions,
): Promise<FleetRead> {
  const clients = new LimitedClients(
    options.client,
    new CredentialGate(),
    options.limits ?? DEFAULT_LIMITS,
  );
  const limit = pLimit(options.clustersInFlight ?? 256);
  const snapshots: (UpgradeSnapshot | undefined)[] = new Array(members.length);
  const failures: (ReadFailure | undefined)[] = new Array(members.length);
  await Promise.all(
    members.map((member, i) =>
      limit(async () => {
        const client = clients.for(member.target.cluster.provider, member.credentialSet);
        try {
          snapshots[i] = await readSnapshot(member.target, { client, now: options.now });
        } catch (error) {
          failures[i] = toFailure(member, error);
        }
      }),
    ),
  );
  return {
    snapshots: snapshots.filter((s): s is UpgradeSnapshot => s !== undefined),
    failures: failures.filter((f): f is ReadFailure => f !== undefined),
  };
}

export function toFailure(member: FleetMember, error: unknown): ReadFailure {
  const base = { cluster: member.target.cluster, credentialSet: member.credentialSet };
  if (error instanceof ProviderError) {
    return {
      ...base,
      kind: error.kind,
      operation: error.operation,
      status: error.status,
      code: error.code,
      message: error.providerMessage ?? error.message,
      requestId: error.requestId,
      rawBody: error.rawBody,
      attempts: error.attempts,
    };
  }
  return {
    ...base,
    kind: "internal",
    operation: undefined,
    status: undefined,
    code: undefined,
    message: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
    requestId: undefined,
    rawBody: undefined,
    attempts: 1,
  };
}
