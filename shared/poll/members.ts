import type { CredentialSets } from "../config/credentialSets.ts";
import type { PollSettings } from "../config/pollSettings.ts";
import type { ResolvedCluster } from "../config/resolveClusters.ts";
import type { FleetMember, ReadFailure } from "./readFleet.ts";

/**
 * Pairs each cluster with its keys. A cluster whose credential set could not be loaded is a
 * read failure (retried like a server error, since a secret store's hiccup passes), not a crash.
 */
export function toMembers(
  clusters: readonly ResolvedCluster[],
  credentials: CredentialSets,
  settings: PollSettings,
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
          ackUpgradeTaskType: settings.ackUpgradeTaskType,
        },
      });
    } catch (error) {
      failures.push({
        cluster: c.ref,
        credentialSet: c.credentials,
        // Not a refusal by the cloud: the secret could not be read (Secrets Manager throttled,
        // missing, malformed). Re-reading is harmless, and nothing reached the cloud.
        kind: "server",
        operation: undefined,
        status: undefined,
        code: "CredentialsNotLoaded",
        message: error instanceof Error ? error.message : String(error),
        requestId: undefined,
        rawBody: undefined,
        attempts: 0,
      });
    }
  }
  return { members, failures };
}
