import * as z from "zod";
import { DAY_MS, durationSchema, HOUR_MS, MINUTE_MS } from "../config/duration.ts";
import { strictObject } from "../config/strictObject.ts";
import { type PressAction, PressActionSchema } from "../events/outcomeDetails.ts";
import type { ReceiverType } from "../model/receiverType.ts";

export const ALL_ACTIONS: readonly PressAction[] = ["resume", "cancel", "postcheck", "approve"];

/** Slack member ids start U (or W on Enterprise Grid), user groups S (api.slack.com, "Formatting"). */
const SlackUserId = z
  .string()
  .regex(/^[UW][A-Z0-9]{2,30}$/, { error: "must be a Slack user id like U024BE7LH" });
const SlackUserGroupId = z
  .string()
  .regex(/^S[A-Z0-9]{2,30}$/, { error: "must be a Slack user group id like SAZ94GDB8" });
/** Feishu open ids are `ou_` and 32 hex characters in Feishu's examples; the length is not documented. */
const FeishuOpenId = z.string().regex(/^ou_[A-Za-z0-9]{8,64}$/, {
  error: "must be a Feishu open_id like ou_7d8a6e6df7621556ce0d21922b676706ccs",
});

/**
 * Who may press. `anyone-in-the-channel` (Slack, Feishu) must be said explicitly; a list names
 * people; `anyone-with-the-link` is the only choice for channels that cannot call back (Teams,
 * DingTalk, WeCom, and Feishu custom bots): whoever holds the link can act, and nobody knows who.
 */
export const PressedBySchema = z.union([
  z.literal("anyone-in-the-channel"),
  z.literal("anyone-with-the-link"),
  strictObject({
    slackUsers: z.array(SlackUserId).default([]).describe("Slack member ids allowed to press."),
    slackUserGroups: z
      .array(SlackUserGroupId)
      .default([])
      .describe(
        "Slack user groups whose members may press (needs slackBotToken in the chat secret).",
      ),
    feishuOpenIds: z
      .array(FeishuOpenId)
      .default([])
      .describe("Feishu/Lark open_ids allowed to press."),
  }),
]);
export type PressedBy = z.infer<typeof PressedBySchema>;

const ActionsObjectSchema = strictObject({
  pressedBy: PressedBySchema.describe(
    "Who may press: anyone-in-the-channel, anyone-with-the-link, or {slackUsers, slackUserGroups, feishuOpenIds}.",
  ),
  allow: z
    .array(PressActionSchema)
    .min(1)
    .default([...ALL_ACTIONS])
    .describe(
      "Which buttons to show: resume, cancel, postcheck, approve (a rollout wave's; default all four).",
    ),
  overrideWindow: z
    .boolean()
    .default(false)
    .describe(
      "Let a press resume outside the cluster's maintenance window (the outcome says it was overridden).",
    ),
  expiry: durationSchema({ min: MINUTE_MS, max: DAY_MS })
    .prefault("1h")
    .describe("How long a button works after the message was sent."),
});

/**
 * A receiver's action buttons (issue 16). Absent: no buttons. The short forms
 * `actions: anyone-with-the-link` and `actions: anyone-in-the-channel` mean every action, no
 * window override, one hour.
 */
export const ReceiverActionsSchema = z.union(
  [
    z
      .enum(["anyone-in-the-channel", "anyone-with-the-link"])
      .transform((pressedBy) => ActionsObjectSchema.parse({ pressedBy })),
    ActionsObjectSchema,
  ],
  {
    // Of two forms, report the one that was meant: the object's own problem, or the short forms.
    error: (issue) => {
      if (issue.code !== "invalid_union") return undefined;
      if (typeof issue.input === "object" && issue.input !== null) {
        const first = issue.errors[1]?.[0];
        if (first) return `${first.path.length ? `${first.path.join(".")}: ` : ""}${first.message}`;
      }
      return "must be anyone-in-the-channel, anyone-with-the-link, or {pressedBy, allow, overrideWindow, expiry}";
    },
  },
);
export type ReceiverActions = z.output<typeof ReceiverActionsSchema>;

/** How a channel carries a button: a callback we verify, a signed link, or not at all. */
export type ButtonKind = "callback" | "link" | "none";

/**
 * Slack and Feishu (an app's card) call back and say who pressed; Teams' Workflows webhook,
 * DingTalk and WeCom robots cannot, so they open a signed link; PagerDuty, the generic webhook
 * and CloudEvents have no buttons. A Feishu receiver with `anyone-with-the-link` gets links too
 * (a custom bot's card can only open links).
 */
export function buttonKind(type: ReceiverType, actions: ReceiverActions | undefined): ButtonKind {
  if (!actions) return "none";
  switch (type) {
    case "slack":
      return "callback";
    case "feishu":
      return actions.pressedBy === "anyone-with-the-link" ? "link" : "callback";
    case "teams":
    case "dingtalk":
    case "wecom":
      return "link";
    default:
      return "none";
  }
}

/** What is wrong with one receiver's `actions`, in words that name fields only. */
export function receiverActionsProblems(
  type: ReceiverType,
  actions: ReceiverActions,
): { field: string; problem: string }[] {
  const p = actions.pressedBy;
  const out: { field: string; problem: string }[] = [];
  const add = (field: string, problem: string) => out.push({ field, problem });
  if (type === "pagerduty" || type === "webhook" || type === "cloudevents") {
    add("actions", `a ${type} receiver has no buttons; remove actions`);
    return out;
  }
  if (type === "teams" || type === "dingtalk" || type === "wecom") {
    if (p !== "anyone-with-the-link") {
      add(
        "actions.pressedBy",
        `a ${type} robot cannot tell who pressed; its buttons are signed links, so say anyone-with-the-link`,
      );
    }
    return out;
  }
  if (typeof p === "string") {
    if (type === "slack" && p === "anyone-with-the-link") {
      add(
        "actions.pressedBy",
        "Slack says who pressed: use anyone-in-the-channel or list slackUsers/slackUserGroups",
      );
    }
    return out;
  }
  const slack = p.slackUsers.length + p.slackUserGroups.length;
  if (type === "slack" && p.feishuOpenIds.length > 0)
    add("actions.pressedBy.feishuOpenIds", "is for feishu receivers");
  if (type === "feishu" && slack > 0)
    add("actions.pressedBy", "slackUsers and slackUserGroups are for slack receivers");
  if ((type === "slack" && slack === 0) || (type === "feishu" && p.feishuOpenIds.length === 0)) {
    add("actions.pressedBy", "names nobody: list who may press, or say anyone-in-the-channel");
  }
  return out;
}

export const DEFAULT_EXPIRY_MS = HOUR_MS;
