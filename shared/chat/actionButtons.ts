import type { PressAction } from "../events/outcomeDetails.ts";
import type { ShepherdEvent } from "../events/shepherdEvent.ts";
import { clusterKey } from "../model/clusterIdentity.ts";
import { ACTION_LABELS, type ActionButton, type ButtonsByEvent } from "../notify/actionButton.ts";
import type { Receiver } from "../notify/config.ts";
import { buttonKind } from "../notify/receiverActions.ts";
import { clusterDisplay } from "../notify/view/words.ts";
import { actionsFor } from "./actionsFor.ts";
import { type ActionClaims, signActionToken } from "./actionToken.ts";
import { LINK_PATH } from "./routes.ts";

export interface ButtonContext {
  /** The chat secret's `tokenKey`. */
  tokenKey: string;
  /** chat-action's public URL (the function URL); null when none is configured: no link buttons. */
  baseUrl: string | null;
  /** The delivery's clock: each button works for the receiver's `actions.expiry` from now. */
  now: Date;
}

/**
 * The buttons of one event on one receiver: the actions that make sense for the event
 * (`actionsFor`) that the receiver allows, each with a token signed for this receiver. Link
 * channels get the signed link; without a public URL they get no buttons at all. An **Approve
 * wave** token expires after the receiver's expiry or the event's repeat bucket, whichever is
 * sooner: the next Rollout Wave Ready brings a fresh one.
 */
export function actionButtons(
  event: ShepherdEvent,
  receiver: Receiver,
  ctx: ButtonContext,
): ActionButton[] {
  const actions = receiver.actions;
  const kind = buttonKind(receiver.type, actions);
  if (!actions || kind === "none" || (kind === "link" && !ctx.baseUrl)) return [];
  const offered = actionsFor(event).filter((action) => actions.allow.includes(action));
  const expSeconds = (ms: number) => Math.floor((ctx.now.getTime() + ms) / 1000);
  const button = (
    action: PressAction,
    claims: ActionClaims,
    confirm: string | null,
  ): ActionButton => {
    const token = signActionToken(claims, ctx.tokenKey);
    return {
      action,
      label: ACTION_LABELS[action],
      style: action === "cancel" ? "danger" : "primary",
      confirm,
      token,
      url: kind === "link" ? linkFor(ctx.baseUrl ?? "", token) : null,
    };
  };
  if (event.detailType === "Rollout Wave Ready") {
    const { rollout, wave, firstClusters, repeatMs } = event.detail;
    const first = firstClusters.map(clusterDisplay).join(", ");
    return offered
      .filter((action) => action === "approve")
      .map((action) =>
        button(
          action,
          {
            v: 1,
            action,
            rollout,
            wave,
            receiver: receiver.name,
            exp: expSeconds(Math.min(actions.expiry, repeatMs)),
          },
          `Approve wave ${wave} of rollout ${rollout}? Its first upgrades (${first}) start once a fresh read shows the wave still eligible.`,
        ),
      );
  }
  if (!("cluster" in event.detail) || !("upgrade" in event.detail) || !event.detail.upgrade) {
    return [];
  }
  const { cluster, upgrade } = event.detail;
  const name = cluster.name ?? cluster.clusterId;
  return offered.flatMap((action) =>
    action === "approve"
      ? []
      : [
          button(
            action,
            {
              v: 1,
              action,
              cluster: clusterKey(cluster),
              upgrade: upgrade.id,
              receiver: receiver.name,
              exp: expSeconds(actions.expiry),
            },
            action === "cancel"
              ? `Cancel the failed upgrade of ${name}? The cloud rolls nothing back; the cluster stays at its current version.`
              : null,
          ),
        ],
  );
}

/** Every event's buttons in one delivery; events without any are left out. */
export function buttonsForDelivery(
  events: readonly ShepherdEvent[],
  receiver: Receiver,
  ctx: ButtonContext,
): ButtonsByEvent {
  const out = new Map<string, ActionButton[]>();
  for (const event of events) {
    const buttons = actionButtons(event, receiver, ctx);
    if (buttons.length > 0) out.set(event.detail.id, buttons);
  }
  return out;
}

/** The confirmation page of a token: GET shows it, its button POSTs. */
export function linkFor(baseUrl: string, token: string): string {
  const url = new URL(LINK_PATH, baseUrl.endsWith("/") ? baseUrl : `${baseUrl}/`);
  url.searchParams.set("t", token);
  return url.toString();
}
