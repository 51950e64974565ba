import * as z from "zod";
import { MAX_CHARS } from "../config/bounds.ts";
import { CREDENTIAL_NAME_PATTERN } from "../config/credentialName.ts";
import { DAY_MS, durationSchema, MINUTE_MS } from "../config/duration.ts";
import { parseUrl, urlProblem } from "../config/endpoint.ts";
import { strictObject } from "../config/strictObject.ts";
import { type MatcherTemplate, parseMatcherTemplate } from "./matchers.ts";

/** PagerDuty's REST API (PagerDuty/api-schema `reference/REST/openapiv3.json`, `servers`). */
export const PAGERDUTY_REST_URL = "https://api.pagerduty.com";

/** The phases a silence holds in by default: the whole upgrade, a pause included. */
export const QUIET_PHASES = ["pending", "prechecking", "running", "paused"] as const;
export type QuietPhase = (typeof QUIET_PHASES)[number];

/** Bounds on the quiet section, so one cluster's silences stay a handful of bounded requests. */
export const QUIET_LIMITS = {
  targets: 10,
  matchers: 20,
  matcherChars: 512,
  services: 50,
  /** PagerDuty object ids are 7 upper-case letters and digits today; 32 leaves room. */
  serviceIdChars: 32,
} as const;

const TargetNameSchema = z.string().regex(CREDENTIAL_NAME_PATTERN, {
  error: 'must be a target name: lower-case letters, digits and hyphens, like "prod-alertmanager"',
});

/** https, or http on loopback only (the local stack); no user info (it would end up in logs). */
const targetUrl = (what: string) =>
  z
    .string()
    .max(MAX_CHARS.url, { abort: true })
    .regex(/^https?:\/\//, { error: "must be a URL starting with https://" })
    .transform((value, ctx) => {
      const url = parseUrl(value);
      const problem = url
        ? (urlProblem(url) ??
          (url.search || url.hash ? "must have no query or fragment" : undefined))
        : "is not a valid URL";
      if (problem || !url) {
        ctx.addIssue({ code: "custom", message: problem ?? "is not a valid URL", input: value });
        return z.NEVER;
      }
      return `${url.origin}${url.pathname.replace(/\/+$/, "")}`;
    })
    .describe(what);

const MatcherTemplateSchema = z
  .string()
  .max(QUIET_LIMITS.matcherChars)
  .transform((text, ctx): MatcherTemplate => {
    const parsed = parseMatcherTemplate(text);
    if ("problem" in parsed) {
      ctx.addIssue({ code: "custom", message: parsed.problem, input: text });
      return z.NEVER;
    }
    return parsed;
  });

const common = {
  name: TargetNameSchema.describe(
    "Unique within the list; named in events and logs, and the default secret name.",
  ),
  secret: TargetNameSchema.optional().describe(
    "Name of the secret holding the auth. Default: the target's name. Locally SHEPHERD_QUIET_<NAME>; in the cloud the Secrets Manager secret <SHEPHERD_QUIET_SECRET_PREFIX><name>.",
  ),
  allowPrivateNetwork: z
    .boolean()
    .default(false)
    .describe(
      "Allow a host that resolves to a private, loopback or link-local address. Off by default (SSRF guard).",
    ),
  timeout: durationSchema({ min: 100, max: 30_000 })
    .prefault("5s")
    .describe("Timeout of one HTTP request to the target."),
};

export const AlertmanagerTargetSchema = strictObject({
  ...common,
  type: z.literal("alertmanager").describe("Alertmanager's API v2 silences."),
  url: targetUrl(
    "Base URL: `/api/v2/silences` is added to it. An Alertmanager (https://alertmanager.example.com), Grafana's own (https://grafana.example.com/api/alertmanager/grafana) or one behind Grafana (https://grafana.example.com/api/alertmanager/<datasource uid>).",
  ),
  auth: z
    .enum(["none", "basic", "bearer"])
    .default("none")
    .describe(
      'none; basic (the secret holds {"username", "password"}); bearer (the secret holds {"token"}, e.g. a Grafana service account token).',
    ),
  matchers: z
    .array(MatcherTemplateSchema)
    .min(1)
    .max(QUIET_LIMITS.matchers)
    .prefault(['cluster="{name}"'])
    .describe(
      "The silence's matchers, in Alertmanager's syntax, with placeholders {name} (the cluster's name, else its id), {clusterId}, {region}, {provider}, {projectId} and {labels.<key>}. Default: cluster=\"{name}\". At least one = matcher must have a value.",
    ),
});
export type AlertmanagerTarget = z.infer<typeof AlertmanagerTargetSchema>;

export const PagerDutyTargetSchema = strictObject({
  ...common,
  type: z.literal("pagerduty").describe("PagerDuty maintenance windows (REST API v2)."),
  url: targetUrl("PagerDuty's REST API. Default https://api.pagerduty.com.").default(
    PAGERDUTY_REST_URL,
  ),
  from: z
    .email()
    .max(254)
    .describe(
      "The From header: the email of a PagerDuty user of the account (required to create a window with an account API key).",
    ),
  services: z
    .array(
      z
        .string()
        .max(QUIET_LIMITS.serviceIdChars)
        .regex(/^[A-Z0-9]+$/, { error: 'must be a PagerDuty service id, like "PIJ90N7"' }),
    )
    .min(1)
    .max(QUIET_LIMITS.services)
    .describe("The services put in maintenance (their ids)."),
});
export type PagerDutyTarget = z.infer<typeof PagerDutyTargetSchema>;

export const SilenceTargetSchema = z.discriminatedUnion("type", [
  AlertmanagerTargetSchema,
  PagerDutyTargetSchema,
]);
export type SilenceTarget = z.infer<typeof SilenceTargetSchema>;
export type SilenceTargetKind = SilenceTarget["type"];

/**
 * Keep the cluster's other alerts quiet while its upgrade runs: each run makes sure a silence
 * exists on every target that lasts `lapseAfter` past the run, and the run that reads the
 * upgrade ended, failed or stalled ends it (docs/quiet-during-upgrade.md).
 */
export const QuietDuringUpgradeSchema = strictObject({
  targets: z
    .array(SilenceTargetSchema)
    .min(1)
    .max(QUIET_LIMITS.targets)
    .describe(
      "Where to silence: Alertmanager (or Grafana) silences, PagerDuty maintenance windows.",
    ),
  phases: z
    .array(z.enum(QUIET_PHASES))
    .min(1)
    .default([...QUIET_PHASES])
    .describe(
      "The upgrade phases that are kept quiet. Default: pending, prechecking, running, paused. A stalled upgrade is never kept quiet.",
    ),
  lapseAfter: durationSchema({ min: MINUTE_MS, max: 86_400_000 })
    .optional()
    .describe(
      "How long a silence lasts past the run that set it, unless a later run extends it: if upgrade-shepherd stops, the silence lapses by itself. More than the cluster's poll interval. Default: two poll intervals.",
    ),
  maxLength: durationSchema({ min: MINUTE_MS, max: 7 * DAY_MS })
    .prefault("24h")
    .describe(
      "The longest one upgrade is kept quiet, counted from the upgrade's start (the cloud's time; without one, from the first silence of ours for it): then its silence is lifted (reason max-length) and not made again, so no silence outlives it by more than lapseAfter. Longer than lapseAfter. Default 24h.",
    ),
});
export type QuietDuringUpgrade = z.infer<typeof QuietDuringUpgradeSchema>;
