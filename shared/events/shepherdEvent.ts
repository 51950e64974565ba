import * as z from "zod";
import { ActionRequestedDetailSchema } from "./actionRequestedDetail.ts";
import type { DetailType } from "./catalogue.ts";
import { WeeklyDigestDetailSchema } from "./digestDetails.ts";
import {
  ClusterDiscoveredDetailSchema,
  ClusterGoneDetailSchema,
  DiscoveryFailedDetailSchema,
} from "./discoveryDetails.ts";
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
  CredentialsAcceptedDetailSchema,
  PollFailedDetailSchema,
  PollRetryRequestedDetailSchema,
  PollShardRequestedDetailSchema,
} from "./pollDetails.ts";
import { ReadDegradedDetailSchema } from "./readDegradedDetail.ts";
import {
  RolloutHaltedDetailSchema,
  RolloutWaveReadyDetailSchema,
  UpgradeDueDetailSchema,
} from "./rolloutDetails.ts";

/** The detail-types whose events the functions judge and carry; a delivery carries them. */
export type CarriedType = Exclude<DetailType, "Delivery Requested">;

/**
 * The detail schema for each carried detail-type: what a consumer parses `event.detail` with.
 * Keyed by the registry's names (`catalogue.ts`), so a new registry row without a schema is a
 * compile error. `detailSchemas.ts` adds Delivery Requested's, which carries these events.
 */
export const CARRIED_DETAIL_SCHEMAS = {
  "Upgrade Started": UpgradeStartedDetailSchema,
  "Upgrade Paused": UpgradePausedDetailSchema,
  "Upgrade Stalled": UpgradeStalledDetailSchema,
  "Upgrade Succeeded": UpgradeSucceededDetailSchema,
  "Upgrade Failed": UpgradeFailedDetailSchema,
  "Upgrade Cancelled": UpgradeCancelledDetailSchema,
  "Poll Failed": PollFailedDetailSchema,
  "Read Degraded": ReadDegradedDetailSchema,
  "Credentials Accepted": CredentialsAcceptedDetailSchema,
  "Cluster Discovered": ClusterDiscoveredDetailSchema,
  "Cluster Gone": ClusterGoneDetailSchema,
  "Discovery Failed": DiscoveryFailedDetailSchema,
  "Postcheck Due": PostcheckDueDetailSchema,
  "Cancel Due": CancelDueDetailSchema,
  "Resume Due": ResumeDueDetailSchema,
  "Upgrade Due": UpgradeDueDetailSchema,
  "Rollout Wave Ready": RolloutWaveReadyDetailSchema,
  "Rollout Halted": RolloutHaltedDetailSchema,
  "Poll Retry Requested": PollRetryRequestedDetailSchema,
  "Poll Shard Requested": PollShardRequestedDetailSchema,
  "Postcheck Passed": PostcheckPassedDetailSchema,
  "Postcheck Failed": PostcheckFailedDetailSchema,
  "Action Succeeded": ActionSucceededDetailSchema,
  "Action Skipped": ActionSkippedDetailSchema,
  "Action Failed": ActionFailedDetailSchema,
  "Auto Actions Suspended": AutoActionsSuspendedDetailSchema,
  "Weekly Digest": WeeklyDigestDetailSchema,
  "Action Requested": ActionRequestedDetailSchema,
} as const satisfies Record<CarriedType, z.ZodType>;

const CARRIED_TYPES = Object.keys(CARRIED_DETAIL_SCHEMAS) as CarriedType[];

const IsoTime = z.iso.datetime();

function envelope<D extends CarriedType>(detailType: D) {
  return z
    .object({
      detailType: z.literal(detailType),
      /** EventBridge `Time`: the run's `T` for poller events, so a retry sends the same. */
      time: IsoTime,
      detail: CARRIED_DETAIL_SCHEMAS[detailType],
    })
    .strict();
}

type Envelope = { [D in CarriedType]: ReturnType<typeof envelope<D>> }[CarriedType];

/** One event before it is put on the bus, discriminated by its detail-type. */
export const ShepherdEventSchema = z.discriminatedUnion(
  "detailType",
  // One envelope per registry row; the mapped type keeps each member's own detail type.
  CARRIED_TYPES.map((d) => envelope(d)) as [Envelope, ...Envelope[]],
);
export type ShepherdEvent = z.infer<typeof ShepherdEventSchema>;
export type EventOf<D extends CarriedType> = Extract<ShepherdEvent, { detailType: D }>;
