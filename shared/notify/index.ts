export { type AlertView, alertView, type Tone } from "./alertView.ts";
export { buildRequests, type OutgoingRequest, USER_AGENT } from "./buildRequests.ts";
export { type CloudEventBody, cloudEventType, renderCloudEvent } from "./channels/cloudEvent.ts";
export { type DingTalkMessage, renderDingTalk } from "./channels/dingtalk.ts";
export { type FeishuMessage, renderFeishu } from "./channels/feishu.ts";
export {
  dedupKey,
  type IncidentKind,
  incidentEffects,
  type PagerDutyEvent,
  renderPagerDuty,
} from "./channels/pagerduty.ts";
export { renderSlack, type SlackMessage } from "./channels/slack.ts";
export { renderTeams, type TeamsMessage } from "./channels/teams.ts";
export { renderWebhook, WEBHOOK_BODY_VERSION, type WebhookBody } from "./channels/webhook.ts";
export { renderWeCom, type WeComMessage } from "./channels/wecom.ts";
export {
  findReceiver,
  type NotifyConfig,
  NotifyConfigSchema,
  notifyConfigProblems,
  type Receiver,
  type ReceiverFilter,
  ReceiverFilterSchema,
  ReceiverSchema,
  ReceiversSchema,
  type Route,
  RouteSchema,
  RoutesSchema,
} from "./config.ts";
export {
  DELIVERY_RETRY,
  type DeliverDeps,
  type DeliveryLogger,
  type DeliveryResult,
  deliver,
} from "./deliver.ts";
export {
  DELIVERY_REQUESTED,
  type DeliveryRequested,
  DeliveryRequestedDetailSchema,
  deliveryId,
  deliveryRequestedEntry,
  parseDeliveryRequested,
} from "./deliveryRequested.ts";
export { NOTIFIABLE_TYPES, type NotifiableType } from "./notifiableType.ts";
export { parseBusEvent } from "./parseBusEvent.ts";
export { type ReceiverSecret, receiverSecret } from "./receiverSecret.ts";
export {
  createReceiverSecrets,
  RECEIVER_SECRET_PREFIX_VARIABLE,
  type ReceiverSecretsOptions,
  type ResolveSecret,
  receiverSecretVariable,
} from "./receiverSecrets.ts";
export { RECEIVER_TYPES, type ReceiverType } from "./receiverType.ts";
export { receiversFor, route } from "./route.ts";
export { dingTalkSign, feishuSign, shepherdSignature } from "./signing.ts";
export {
  checkUrl,
  guardedLookup,
  isPublicAddress,
  type LookupAll,
  systemLookup,
  type UrlPolicy,
} from "./urlPolicy.ts";
