import * as z from "zod";

/** Every EventBridge `detail-type` the product emits (DESIGN.md, "Events: the catalogue"). */
export const DETAIL_TYPES = [
  "Upgrade Started",
  "Upgrade Paused",
  "Upgrade Stalled",
  "Upgrade Succeeded",
  "Upgrade Failed",
  "Upgrade Cancelled",
  "Poll Failed",
  "Read Degraded",
  "Postcheck Due",
  "Cancel Due",
  "Resume Due",
  "Poll Retry Requested",
  "Poll Shard Requested",
  "Postcheck Passed",
  "Postcheck Failed",
  "Action Succeeded",
  "Action Skipped",
  "Action Failed",
  "Auto Actions Suspended",
] as const;

export const DetailTypeSchema = z.enum(DETAIL_TYPES);
export type DetailType = z.infer<typeof DetailTypeSchema>;

/** The EventBridge `source` of every event, so one rule pattern matches all of them. */
export const EVENT_SOURCE = "upgrade-shepherd";
