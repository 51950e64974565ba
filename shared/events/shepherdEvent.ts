import * as z from "zod";
import type { DetailType } from "./detailType.ts";
import {
  CancelDueDetailSchema,
  PostcheckDueDetailSchema,
  ResumeDueDetailSchema,
} from "./dueDetails.ts";
import {
  UpgradeCancelledDetailSchema,
  UpgradeFailedDetailSchema,
  UpgradePausedDetailSchema,
  UpgradeStalledDetailSchema,
  UpgradeStartedDetailSchema,
  UpgradeSucceededDetailSchema,
} from "./lifecycleDetails.ts";
import {
  ActionFailedDetailSchema,
  ActionSkippedDetailSchema,
  ActionSucceededDetailSchema,
  AutoActionsSuspendedDetailSchema,
  PostcheckFailedDetailSchema,
  PostcheckPassedDetailSchema,
} from "./outcomeDetails.ts";
import {
  PollFailedDetailSchema,
  PollRetryRequestedDetailSchema,
  PollShardRequestedDetailSchema,
} from "./pollDetails.ts";
import { ReadDegradedDetailSchema } from "./readDegradedDetail.ts";

/** The detail schema for each detail-type: what a consumer parses `event.detail` with. */
export const DETAIL_SCHEMAS = {
  "Upgrade Started": UpgradeStartedDetailSchema,
  "Upgrade Paused": UpgradePausedDetailSchema,
  "Upgrade Stalled": UpgradeStalledDetailSchema,
  "Upgrade Succeeded": UpgradeSucceededDetailSchema,
  "Upgrade Failed": UpgradeFailedDetailSchema,
  "Upgrade Cancelled": UpgradeCancelledDetailSchema,
  "Poll Failed": PollFailedDetailSchema,
  "Read Degraded": ReadDegradedDetailSchema,
  "Postcheck Due": PostcheckDueDetailSchema,
  "Cancel Due": CancelDueDetailSchema,
  "Resume Due": ResumeDueDetailSchema,
  "Poll Retry Requested": PollRetryRequestedDetailSchema,
  "Poll Shard Requested": PollShardRequestedDetailSchema,
  "Postcheck Passed": PostcheckPassedDetailSchema,
  "Postcheck Failed": PostcheckFailedDetailSchema,
  "Action Succeeded": ActionSucceededDetailSchema,
  "Action Skipped": ActionSkippedDetailSchema,
  "Action Failed": ActionFailedDetailSchema,
  "Auto Actions Suspended": AutoActionsSuspendedDetailSchema,
} as const satisfies Record<DetailType, z.ZodType>;

export type DetailOf<D extends DetailType> = z.infer<(typeof DETAIL_SCHEMAS)[D]>;

const IsoTime = z.iso.datetime();

function envelope<D extends DetailType>(detailType: D) {
  return z
    .object({
      detailType: z.literal(detailType),
      /** EventBridge `Time`: the run's `T` for poller events, so a retry sends the same. */
      time: IsoTime,
      detail: DETAIL_SCHEMAS[detailType],
    })
    .strict();
}

/** One event before it is put on the bus, discriminated by its detail-type. */
export const ShepherdEventSchema = z.discriminatedUnion("detailType", [
  envelope("Upgrade Started"),
  envelope("Upgrade Paused"),
  envelope("Upgrade Stalled"),
  envelope("Upgrade Succeeded"),
  envelope("Upgrade Failed"),
  envelope("Upgrade Cancelled"),
  envelope("Poll Failed"),
  envelope("Read Degraded"),
  envelope("Postcheck Due"),
  envelope("Cancel Due"),
  envelope("Resume Due"),
  envelope("Poll Retry Requested"),
  envelope("Poll Shard Requested"),
  envelope("Postcheck Passed"),
  envelope("Postcheck Failed"),
  envelope("Action Succeeded"),
  envelope("Action Skipped"),
  envelope("Action Failed"),
  envelope("Auto Actions Suspended"),
]);
export type ShepherdEvent = z.infer<typeof ShepherdEventSchema>;
export type EventOf<D extends DetailType> = Extract<ShepherdEvent, { detailType: D }>;
