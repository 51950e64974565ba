import type { Upgrade } from "../model/snapshot.ts";
import { readSnapshot } from "../providers/read.ts";
import type { ClusterTarget } from "../providers/target.ts";
import type { ActionDeps } from "./actionDeps.ts";
import { type ActionError, reportableError } from "./actionError.ts";

/**
 * Reads the cluster with the poller's own adapter, right before acting (DESIGN.md: act only on
 * what was read). A transient failure throws, like any other; a permanent one is returned, to
 * be reported.
 */
export async function freshRead(
  target: ClusterTarget,
  deps: Pick<ActionDeps, "client" | "now">,
): Promise<{ upgrade: Upgrade | null } | { error: ActionError }> {
  try {
    const snapshot = await readSnapshot(target, { client: deps.client, now: deps.now });
    return { upgrade: snapshot.upgrade };
  } catch (error) {
    return { error: reportableError(error) };
  }
}
