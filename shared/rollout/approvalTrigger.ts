import {
  type ApprovalRequestedDetail,
  ApprovalRequestedDetailSchema,
} from "../events/actionRequestedDetail.ts";
import { busEventSchema } from "../lambda/busEnvelope.ts";

const ApprovalEventSchema = busEventSchema("Action Requested", ApprovalRequestedDetailSchema);

/** poll-status's approval trigger: a person pressed **Approve wave** (chat-action published it). */
export interface ApprovalTrigger {
  kind: "approval";
  detail: ApprovalRequestedDetail;
}

/**
 * The approval's trigger, or null when the event is another poll-status input. Its rule
 * (infra/events/poll-status.yml) delivers only `Action Requested` whose `detail.action` is
 * `approve`; a cluster's Action Requested goes back to chat-action.
 */
export function parseApprovalEvent(event: unknown): ApprovalTrigger | null {
  const parsed = ApprovalEventSchema.safeParse(event);
  return parsed.success ? { kind: "approval", detail: parsed.data.detail } : null;
}
