import type { CredentialSets } from "../config/credentialSets.ts";
import type { ResolvedCluster } from "../config/resolveClusters.ts";
import { failureFrom } from "../model/failure.ts";
import type { FleetMember, ReadFailure } from "./readFleet.ts";

/**
 * Pairs each cluster with its keys. A cluster whose credential set could not be loaded is a
 * `credentials` failure (nothing reached the cloud), not a crash, and not the others' problem.
 */
export function toMembers(
  clusters: readonly ResolvedCluster[],
  credentials: CredentialSets,
): { members: FleetMember[]; failures: ReadFailure[] } {
  const members: FleetMember[] = [];
  const failures: ReadFailure[] = [];
  for (const c of clusters) {
    try {
      members.push({
        credentialSet: c.credentials,
        target: {
          cluster: c.ref,
          endpoint: c.endpoint,
          credentials: credentials.get(c.credentials),
        },
      });
    } catch (error) {
      failures.push(failureFrom(error, { cluster: c.ref, credentialSet: c.credentials }));
    }
  }
  return { members, failures };
}
