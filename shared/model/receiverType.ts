import * as z from "zod";

/** Every channel a receiver can be: one renderer each (`shared/notify/channels`). */
export const RECEIVER_TYPES = [
  "slack",
  "teams",
  "feishu",
  "dingtalk",
  "wecom",
  "pagerduty",
  "webhook",
  "cloudevents",
] as const;

export const ReceiverTypeSchema = z.enum(RECEIVER_TYPES);
export type ReceiverType = z.infer<typeof ReceiverTypeSchema>;

/**
 * DingTalk and WeCom group robots take at most 20 messages a minute and then refuse for
 * minutes, so several events bound for one of them in one routing pass become one message.
 */
export const AGGREGATING_TYPES: readonly ReceiverType[] = ["dingtalk", "wecom"];

export const DEFAULT_AGGREGATE_MAX_EVENTS = 10;

export const aggregates = (type: ReceiverType): boolean => AGGREGATING_TYPES.includes(type);
