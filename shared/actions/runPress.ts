import type { ResolvedCluster } from "../config/resolveClusters.ts";
import type { ClusterActionRequestedDetail } from "../events/actionRequestedDetail.ts";
import type { Upgrade } from "../model/snapshot.ts";
import type { ActionResult, PostcheckDeps } from "./actionDeps.ts";
import type { DueEvent } from "./parseDueEvent.ts";

/** What each action expects to find: the judges compare only the id, the rest is never sent. */
const EXPECTED: Record<ClusterActionRequestedDetail["action"], Upgrade["phase"]> = {
  resume: "paused",
  cancel: "failed",
  postcheck: "succeeded",
};

/**
 * A press in chat, run through the automatic actions' own path (`runAction`): the Action
 * Requested becomes the due event it answers (same id, so outcome ids derive from it), and
 * `deps.press` says who pressed. The due event names only the upgrade's id, as the token did;
 * the outcomes start with no upgrade (`outcomeContext`) and carry the fresh read once there is
 * one. A press counts as one cluster against the blast-radius limit.
 */
export async function runPress(
  requested: ClusterActionRequestedDetail,
  deps: PostcheckDeps & { cluster: ResolvedCluster | undefined },
  overrideWindow: boolean,
): Promise<ActionResult> {
  // The actions load with the first press: chat-action's other requests need none of them.
  const { runAction } = await import("./runAction.ts");
  return runAction(pressDue(requested, deps.cluster), {
    ...deps,
    press: { requestedBy: requested.requestedBy, overrideWindow },
  });
}

/** The due event a press stands for. Never published: it exists only to enter the same path. */
export function pressDue(
  requested: ClusterActionRequestedDetail,
  cluster: ResolvedCluster | undefined,
): DueEvent {
  const upgrade: Upgrade = {
    id: requested.upgradeId,
    phase: EXPECTED[requested.action],
    rawPhase: "as named by the press",
    progress: null,
    fromVersion: null,
    toVersion: null,
    createdAt: null,
    finishedAt: null,
    updatedAt: null,
    steps: [],
    message: null,
    source: requested.cluster.provider === "ack" ? "ack-task" : "cce-task",
    workflowId: null,
    workflowPhase: null,
  };
  const common = {
    id: requested.id,
    severity: "debug" as const,
    cluster: requested.cluster,
    upgrade,
    window: requested.window,
    consoleUrl: requested.consoleUrl,
  };
  const dryRun = cluster?.policy.dryRun ?? false;
  switch (requested.action) {
    case "resume":
      return {
        detailType: "Resume Due",
        detail: {
          ...common,
          pausedSince: null,
          policy: { onPause: cluster?.policy.onPause ?? "alert-only", dryRun },
        },
      };
    case "cancel":
      return {
        detailType: "Cancel Due",
        detail: {
          ...common,
          failedAt: requested.window.t,
          clustersDueForCancel: 1,
          shard: null,
          policy: { onFailure: cluster?.policy.onFailure ?? "alert-only", dryRun },
        },
      };
    case "postcheck":
      return {
        detailType: "Postcheck Due",
        detail: {
          ...common,
          succeededAt: requested.window.t,
          horizonMs: 1,
          policy: { postcheck: cluster?.policy.postcheck ?? false, dryRun },
        },
      };
  }
}
