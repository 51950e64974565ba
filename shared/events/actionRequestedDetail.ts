import * as z from "zod";
import { clusterDetailShape } from "./clusterDetail.ts";
import { ActionSchema } from "./outcomeDetails.ts";
import { RequestedBySchema } from "./requestedBy.ts";

/**
 * Action Requested: a person pressed Resume, Cancel or Run postcheck in chat. chat-action publishes
 * it after verifying the callback and the token, and before anything acts; the same function,
 * triggered by it, runs the action through the automatic actions' guarded path, and the outcome
 * events answer it (their `dueEventId` is this event's id). `upgrade` is null: nothing has been
 * read yet, and the token names the upgrade by id only. `window` is the instant of the press.
 */
export const ActionRequestedDetailSchema = z
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
export type ActionRequestedDetail = z.infer<typeof ActionRequestedDetailSchema>;
