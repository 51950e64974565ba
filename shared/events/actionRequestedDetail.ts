import * as z from "zod";
import { clusterDetailShape } from "./clusterDetail.ts";
import { EventIdSchema } from "./eventId.ts";
import { ActionSchema } from "./outcomeDetails.ts";
import { RequestedBySchema } from "./requestedBy.ts";
import { severityField } from "./severityField.ts";
import { WindowSchema } from "./window.ts";

/**
 * Action Requested for one cluster: a person pressed Resume, Cancel or Run postcheck in chat.
 * chat-action publishes it after verifying the callback and the token, and before anything acts;
 * the same function, triggered by it, runs the action through the automatic actions' guarded
 * path, and the outcome events answer it (their `dueEventId` is this event's id). `upgrade` is
 * null: nothing has been read yet, and the token names the upgrade by id only. `window` is the
 * instant of the press.
 */
export const ClusterActionRequestedDetailSchema = z
  .object({
    ...clusterDetailShape("Action Requested"),
    action: ActionSchema,
    upgradeId: z.string().min(1),
    requestedBy: RequestedBySchema,
    /** The receiver lets its people resume outside the maintenance window (`actions.overrideWindow`). */
    overrideWindow: z.boolean(),
    /** When the button stops working: the token's expiry. */
    expiresAt: z.iso.datetime(),
  })
  .strict();
export type ClusterActionRequestedDetail = z.infer<typeof ClusterActionRequestedDetailSchema>;

/**
 * Action Requested for a rollout's wave: a person pressed **Approve** on Rollout Wave Ready.
 * chat-action publishes it; its rule sends it to poll-status (not back to chat-action), which
 * reads the rollout's clusters, re-judges the rollout with this wave approved and publishes
 * Upgrade Due for the wave's first clusters, or one Action Skipped saying why nothing starts
 * (docs/rollouts.md, "Approve in chat"). About a wave, not one cluster: no cluster, no upgrade.
 */
export const ApprovalRequestedDetailSchema = z
  .object({
    id: EventIdSchema,
    severity: severityField("Action Requested"),
    /** The instant of the press. */
    window: WindowSchema,
    action: z.literal("approve"),
    rollout: z.string().min(1).max(64),
    wave: z.string().min(1).max(64),
    requestedBy: RequestedBySchema,
    /** When the button stops working: the token's expiry. */
    expiresAt: z.iso.datetime(),
  })
  .strict();
export type ApprovalRequestedDetail = z.infer<typeof ApprovalRequestedDetailSchema>;

/** Either press, told apart by `action`. */
export const ActionRequestedDetailSchema = z.discriminatedUnion("action", [
  ClusterActionRequestedDetailSchema,
  ApprovalRequestedDetailSchema,
]);
export type ActionRequestedDetail = z.infer<typeof ActionRequestedDetailSchema>;
