export {
  type ActionRequestedDetail,
  ActionRequestedDetailSchema,
} from "./actionRequestedDetail.ts";
export {
  CATALOGUE,
  type CatalogueEntry,
  catalogueEntry,
  type DefaultNotify,
  type EventKind,
  type NotifiableType,
  notifiedByDefault,
  REGISTRY,
} from "./catalogue.ts";
export { clusterDetailShape } from "./clusterDetail.ts";
export { type ConsoleOrigins, consoleUrl, DEFAULT_CONSOLE_ORIGINS } from "./consoleUrl.ts";
export {
  type DeliveryRequested,
  DeliveryRequestedDetailSchema,
  deliveryId,
  MAX_EVENTS_PER_DELIVERY,
} from "./deliveryDetails.ts";
export { DETAIL_SCHEMAS, type DetailOf } from "./detailSchemas.ts";
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
export * from "./quietDetails.ts";
export * from "./readDegradedDetail.ts";
export { type RequestedBy, RequestedBySchema } from "./requestedBy.ts";
export {
  compareSeverity,
  SEVERITIES,
  type Severity,
  SeveritySchema,
  severityAtLeast,
} from "./severity.ts";
export { type Shard, ShardSchema } from "./shard.ts";
export {
  CARRIED_DETAIL_SCHEMAS,
  type CarriedType,
  type EventOf,
  type ShepherdEvent,
  ShepherdEventSchema,
} from "./shepherdEvent.ts";
export { busEntry, toPutEventsEntry } from "./toPutEventsEntry.ts";
export {
  RepeatTriggerSchema,
  TransitionTimestampSchema,
  TransitionTriggerSchema,
  type Trigger,
  TriggerSchema,
} from "./trigger.ts";
export { type Window, WindowSchema } from "./window.ts";
