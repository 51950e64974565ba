import * as z from "zod";
import { boundedString, labelsSchema, MAX_CHARS } from "../config/bounds.ts";
import type { ConfigProblem } from "../config/configProblem.ts";
import { CREDENTIAL_NAME_PATTERN } from "../config/credentialName.ts";
import { durationSchema } from "../config/duration.ts";
import { strictObject } from "../config/strictObject.ts";
import { SeveritySchema } from "../events/severity.ts";
import { ProviderSchema } from "../model/cluster.ts";
import { NotifiableTypeSchema, RepeatableTypeSchema } from "./notifiableType.ts";
import { ReceiverActionsSchema, receiverActionsProblems } from "./receiverActions.ts";
import { AGGREGATING_TYPES, aggregates, ReceiverTypeSchema } from "./receiverType.ts";

/**
 * Receiver and secret names map one-to-one onto an environment variable
 * (`ops-slack` -> `SHEPHERD_RECEIVER_OPS_SLACK`) and a Secrets Manager id, like credential sets.
 */
export const ReceiverNameSchema = z.string().regex(CREDENTIAL_NAME_PATTERN, {
  error: 'must be a receiver name: lower-case letters, digits and hyphens, like "ops-slack"',
});

/**
 * What a receiver asks to get, judged from the event alone (no memory), after the routes chose
 * it. Each field can only remove events.
 */
export const ReceiverFilterSchema = strictObject({
  minSeverity: SeveritySchema.optional().describe("Drop events below this severity."),
  eventTypes: z
    .array(NotifiableTypeSchema)
    .min(1)
    .optional()
    .describe("Only these detail-types (default: whatever the routes send)."),
  lifecycle: z
    .enum(["all", "terminal"])
    .default("all")
    .describe(
      "`terminal` drops Upgrade Started, Paused and Stalled: only the end of each upgrade (and outcomes, poll failures) is sent.",
    ),
  noRepeats: z
    .array(RepeatableTypeSchema)
    .default([])
    .describe(
      "Drop the reminders (trigger.kind `repeat`) of these types, e.g. [Upgrade Stalled] keeps the stall's onset and drops the hourly 'still stalled'. A state with no usable timestamp (legacy ACK) is only ever announced as a repeat, so it is dropped too, unless it is critical: a critical event is never dropped by this rule.",
    ),
  pollFailed: z
    .enum(["every-run", "once-per-bucket"])
    .default("every-run")
    .describe(
      "Poll Failed fires in every run while reads fail, with one id per repeat bucket. `once-per-bucket` sends a warning (a cluster that cannot be read) only from the first run of each bucket, so one that starts mid-bucket is first sent at the next bucket. A critical Poll Failed (a refused key) is sent in every run: no filter without memory can tell the run it started in from a later one, and critical means someone is told now.",
    ),
});
export type ReceiverFilter = z.infer<typeof ReceiverFilterSchema>;

export const ReceiverSchema = strictObject({
  name: ReceiverNameSchema.describe("Unique; routes name receivers by it."),
  type: ReceiverTypeSchema.describe(
    "slack, teams, feishu, dingtalk, wecom, pagerduty, webhook (signed JSON) or cloudevents.",
  ),
  secret: ReceiverNameSchema.optional().describe(
    "Name of the secret holding the URL (and signing secret or routing key). Default: the receiver's name. Locally SHEPHERD_RECEIVER_<NAME>; in the cloud the Secrets Manager secret <SHEPHERD_RECEIVER_SECRET_PREFIX><name>.",
  ),
  allowPrivateNetwork: z
    .boolean()
    .default(false)
    .describe(
      "Allow a URL whose host resolves to a private, loopback or link-local address. Off by default (SSRF guard).",
    ),
  timeout: durationSchema({ min: 100, max: 30_000 })
    .prefault("5s")
    .describe("Timeout of one HTTP request to the receiver."),
  filter: ReceiverFilterSchema.prefault({}).describe("Ask for less than the routes send."),
  aggregate: z
    .int()
    .min(1)
    .max(20)
    .optional()
    .describe(
      "dingtalk and wecom only: at most this many events per message when several arrive together (default 10; 1 turns aggregation off).",
    ),
  actions: ReceiverActionsSchema.optional().describe(
    "Resume now, Cancel and Run postcheck buttons on this receiver's messages (docs/chat-actions.md). Slack and Feishu say who pressed; Teams, DingTalk and WeCom get signed links only with anyone-with-the-link. Absent: no buttons.",
  ),
});
export type Receiver = z.infer<typeof ReceiverSchema>;

/**
 * A label value is an exact string unless it holds `*` (any run of characters) or `?` (one
 * character): then it is a glob over the whole value.
 */
export const RouteSchema = strictObject({
  name: boundedString(MAX_CHARS.name).min(1).optional().describe("For logs."),
  receivers: z.array(ReceiverNameSchema).min(1).describe("Where matching events go."),
  minSeverity: SeveritySchema.optional().describe(
    "Match events at or above this severity. Without it and without eventTypes, the catalogue's defaults decide.",
  ),
  eventTypes: z
    .array(NotifiableTypeSchema)
    .min(1)
    .optional()
    .describe("Match only these detail-types (default: the catalogue's notified events)."),
  providers: z.array(ProviderSchema).min(1).optional().describe("Match only these providers."),
  labels: labelsSchema()
    .optional()
    .describe(
      'Cluster labels that must all match: exact values, or globs with * and ? ("prod-*"). Poll Failed matches when any affected cluster does.',
    ),
});
export type Route = z.infer<typeof RouteSchema>;

export const ReceiversSchema = z.array(ReceiverSchema).default([]);
export const RoutesSchema = z.array(RouteSchema).default([]);

/** The notify part of the config: two top-level sections of the config document. */
export const NotifyConfigSchema = strictObject({
  receivers: ReceiversSchema.describe("Alerting webhooks, by name."),
  routes: RoutesSchema.describe("Which events go to which receivers; every matching route adds."),
}).superRefine((config, ctx) => {
  for (const p of notifyConfigProblems(config)) {
    ctx.addIssue({ code: "custom", message: p.problem, path: p.pathParts });
  }
});
export type NotifyConfig = z.infer<typeof NotifyConfigSchema>;

export interface NotifyConfigProblem extends ConfigProblem {
  pathParts: (string | number)[];
}

/**
 * The rules that span receivers and routes: unique names, routes naming known receivers, and
 * type-specific options. For `crossFieldProblems` when `receivers` and `routes` are top-level
 * sections of the config document.
 */
export function notifyConfigProblems(config: {
  receivers: readonly Receiver[];
  routes: readonly Route[];
}): NotifyConfigProblem[] {
  const problems: NotifyConfigProblem[] = [];
  const add = (pathParts: (string | number)[], problem: string) =>
    problems.push({ path: formatParts(pathParts), pathParts, problem });
  const first = new Map<string, number>();
  config.receivers.forEach((r, i) => {
    const seen = first.get(r.name);
    if (seen !== undefined) add(["receivers", i, "name"], `duplicates receivers[${seen}].name`);
    else first.set(r.name, i);
    if (r.aggregate !== undefined && !aggregates(r.type)) {
      add(
        ["receivers", i, "aggregate"],
        `applies only to ${AGGREGATING_TYPES.join(" and ")} receivers, not ${r.type}`,
      );
    }
    if (r.actions) {
      for (const { field, problem } of receiverActionsProblems(r.type, r.actions)) {
        add(["receivers", i, ...field.split(".")], problem);
      }
    }
  });
  config.routes.forEach((route, i) => {
    route.receivers.forEach((name, j) => {
      if (!first.has(name)) {
        const known = [...first.keys()];
        add(
          ["routes", i, "receivers", j],
          `names no receiver "${name}"${known.length ? ` (known: ${known.join(", ")})` : ""}`,
        );
      }
    });
  });
  return problems;
}

function formatParts(parts: readonly (string | number)[]): string {
  return parts.map((p, i) => (typeof p === "number" ? `[${p}]` : i ? `.${p}` : p)).join("");
}

/** The receiver a delivery names, or undefined when the config no longer has it. */
export function findReceiver(config: NotifyConfig, name: string): Receiver | undefined {
  return config.receivers.find((r) => r.name === name);
}
