import type { Config } from "../config/configSchema.ts";
import type { ResolvedCluster } from "../config/resolveClusters.ts";
import { consoleUrl } from "../events/consoleUrl.ts";
import { hashId } from "../events/eventId.ts";
import type { RequestedBy } from "../events/requestedBy.ts";
import { type EventOf, ShepherdEventSchema } from "../events/shepherdEvent.ts";
import { ACTION_LABELS } from "../notify/actionButton.ts";
import { buttonKind } from "../notify/receiverActions.ts";
import { clusterDisplay, presser } from "../notify/view/words.ts";
import { type ActionClaims, tokenDigest, verifyActionToken } from "./actionToken.ts";
import { type GroupMembers, mayPress } from "./mayPress.ts";

export interface PressRequest {
  /** The token the button carried; null when the callback had none of ours. */
  token: string | null;
  /** From the verified callback: the chat and who pressed. */
  by: Omit<RequestedBy, "receiver">;
}

export interface PressContext {
  config: Pick<Config, "receivers" | "rollouts">;
  clusters: readonly ResolvedCluster[];
  tokenKey: string;
  now: Date;
  groupMembers: GroupMembers;
}

/**
 * - `unauthorized`: a bad, expired or foreign token (signed elsewhere, or for a receiver that is
 *   gone or is not this chat's): 401, and nothing is said about which.
 * - `refused`: the token is good but this person may not, or the receiver no longer offers it:
 *   a polite answer, and nothing happens.
 * - `requested`: the Action Requested to publish; the action runs when it arrives.
 */
export type PressAnswer =
  | { kind: "unauthorized" }
  | { kind: "refused"; message: string }
  | {
      kind: "requested";
      event: EventOf<"Action Requested">;
      claims: ActionClaims;
      message: string;
    };

/**
 * The synchronous half of a press, after the chat's own signature was checked: the token, the
 * receiver it names, who may press there, and the cluster (or, for **Approve wave**, that the
 * config still has the rollout and the wave). Pure but for Slack user-group lookups.
 */
export async function acceptPress(req: PressRequest, ctx: PressContext): Promise<PressAnswer> {
  const claims = req.token === null ? null : verifyActionToken(req.token, ctx.tokenKey, ctx.now);
  if (!claims || req.token === null) return { kind: "unauthorized" };
  const receiver = ctx.config.receivers.find((r) => r.name === claims.receiver);
  const kind = receiver ? buttonKind(receiver.type, receiver.actions) : "none";
  const fits =
    receiver !== undefined &&
    (req.by.channel === "link"
      ? kind === "link"
      : kind === "callback" && receiver.type === req.by.channel);
  if (!receiver || !fits || !receiver.actions) return { kind: "unauthorized" };
  const label = ACTION_LABELS[claims.action];
  const by: RequestedBy = { ...req.by, receiver: receiver.name };
  if (!receiver.actions.allow.includes(claims.action)) {
    return {
      kind: "refused",
      message: `${receiver.name} no longer offers "${label}" (actions.allow); nothing was done.`,
    };
  }
  if (!(await mayPress(receiver.actions, by, ctx.groupMembers))) {
    return {
      kind: "refused",
      message: `Sorry, ${who(by)}: you are not on the list of people who may press "${label}" in ${receiver.name} (actions.pressedBy). Nothing was done; ask someone who is.`,
    };
  }
  const at = ctx.now.toISOString();
  const common = {
    id: hashId(["Action Requested", tokenDigest(req.token), by.channel, by.userId ?? "link"]),
    severity: "info",
    window: { t: at, start: at, end: at },
    requestedBy: by,
    expiresAt: new Date(claims.exp * 1000).toISOString(),
  };
  if (claims.action === "approve") {
    const rollout = ctx.config.rollouts.find((r) => r.name === claims.rollout);
    if (!rollout?.waves.some((w) => w.name === claims.wave)) {
      return {
        kind: "refused",
        message: `Wave ${claims.wave} of rollout ${claims.rollout} is no longer in the config; nothing was done.`,
      };
    }
    const event = ShepherdEventSchema.parse({
      detailType: "Action Requested",
      time: at,
      detail: { ...common, action: "approve", rollout: claims.rollout, wave: claims.wave },
    }) as EventOf<"Action Requested">;
    return {
      kind: "requested",
      event,
      claims,
      message: `"${label}" for wave ${claims.wave} of rollout ${claims.rollout} requested by ${presser(by)}. The rollout is judged again on fresh reads; if the wave is still eligible its first upgrades start, and the outcome will be posted to ${receiver.name}.`,
    };
  }
  const cluster = ctx.clusters.find((c) => c.key === claims.cluster);
  if (!cluster) {
    return { kind: "refused", message: `That cluster is no longer watched; nothing was done.` };
  }
  const event = ShepherdEventSchema.parse({
    detailType: "Action Requested",
    time: at,
    detail: {
      ...common,
      cluster: cluster.ref,
      upgrade: null,
      consoleUrl: consoleUrl(cluster.ref),
      action: claims.action,
      upgradeId: claims.upgrade,
      overrideWindow: receiver.actions.overrideWindow,
    },
  }) as EventOf<"Action Requested">;
  return {
    kind: "requested",
    event,
    claims,
    message: `"${label}" for ${clusterDisplay(cluster.ref)} requested by ${presser(by)}. The same checks as the automatic action run now; the outcome will be posted to ${receiver.name}.`,
  };
}

const who = (by: RequestedBy): string => by.userName ?? by.userId ?? "there";
