export {
  CATALOGUE,
  type CatalogueEntry,
  catalogueEntry,
  type DefaultNotify,
  type EventKind,
  notifiedByDefault,
} from "./catalogue.ts";
export { clusterDetailShape } from "./clusterDetail.ts";
export { type ConsoleOrigins, consoleUrl, DEFAULT_CONSOLE_ORIGINS } from "./consoleUrl.ts";
export { DETAIL_TYPES, type DetailType, DetailTypeSchema, EVENT_SOURCE } from "./detailType.ts";
export * from "./dueDetails.ts";
export {
  autoActionsSuspendedId,
  clusterEventId,
  EVENT_ID_PATTERN,
  EventIdSchema,
  hashId,
  outcomeEventId,
} from "./eventId.ts";
export * from "./lifecycleDetails.ts";
export * from "./outcomeDetails.ts";
export * from "./pollDetails.ts";
export * from "./readDegradedDetail.ts";
export {
  compareSeverity,
  SEVERITIES,
  type Severity,
  SeveritySchema,
  severityAtLeast,
} from "./severity.ts";
export { type Shard, ShardSchema } from "./shard.ts";
export {
  DETAIL_SCHEMAS,
  type DetailOf,
  type EventOf,
  type ShepherdEvent,
  ShepherdEventSchema,
} from "./shepherdEvent.ts";
export { toPutEventsEntry } from "./toPutEventsEntry.ts";
export {
  RepeatTriggerSchema,
  TransitionTimestampSchema,
  TransitionTriggerSchema,
  type Trigger,
  TriggerSchema,
} from "./trigger.ts";
export { type Window, WindowSchema } from "./window.ts";
