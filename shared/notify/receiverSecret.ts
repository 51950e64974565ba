import * as z from "zod";
import { REDACTED, redacted } from "../redacted.ts";
import type { ReceiverType } from "./receiverType.ts";

/** PagerDuty's Events API v2; the EU service uses `events.eu.pagerduty.com` (set `url`). */
export const PAGERDUTY_ENQUEUE_URL = "https://events.pagerduty.com/v2/enqueue";

/**
 * What a receiver's secret holds. Slack, Teams, WeCom and DingTalk URLs carry their token, so
 * the whole URL is secret; PagerDuty's secret is the routing key.
 */
export interface ReceiverSecret {
  readonly url: string;
  /** HMAC key: generic webhook and CloudEvents (required), DingTalk and Feishu (optional). */
  readonly signingSecret: string | undefined;
  /** PagerDuty integration key. */
  readonly routingKey: string | undefined;
}

export const ReceiverSecretInputSchema = z
  .object({
    url: z.string().min(1).optional(),
    signingSecret: z.string().min(1).optional(),
    routingKey: z.string().min(1).optional(),
  })
  .strict();
export type ReceiverSecretInput = z.infer<typeof ReceiverSecretInputSchema>;

export const SECRET_SHAPE =
  '{"url": "https://...", "signingSecret"?: "...", "routingKey"?: "..."} or the bare URL';

/**
 * Which fields each type needs, in words safe to show: it names fields, never values. A field a
 * type cannot use is refused, because a signing secret that is silently ignored looks like
 * protection and is not.
 */
export function secretProblem(type: ReceiverType, s: ReceiverSecretInput): string | undefined {
  const missing = (f: string) => `a ${type} receiver needs "${f}" in its secret`;
  const unused = (f: string) => `a ${type} receiver does not use "${f}"; remove it`;
  if (type === "pagerduty") {
    if (!s.routingKey) return missing("routingKey");
    if (s.signingSecret) return unused("signingSecret");
    return undefined;
  }
  if (!s.url) return missing("url");
  if (s.routingKey) return unused("routingKey");
  const signing: Record<ReceiverType, "required" | "optional" | "none"> = {
    slack: "none",
    teams: "none",
    wecom: "none",
    pagerduty: "none",
    dingtalk: "optional",
    feishu: "optional",
    webhook: "required",
    cloudevents: "required",
  };
  if (signing[type] === "required" && !s.signingSecret) return missing("signingSecret");
  if (signing[type] === "none" && s.signingSecret) return unused("signingSecret");
  return undefined;
}

/** Wraps a secret so that no way of printing it shows a value (`shared/redacted.ts`). */
export function receiverSecret(s: {
  url?: string | undefined;
  signingSecret?: string | undefined;
  routingKey?: string | undefined;
}): ReceiverSecret {
  return redacted({
    url: s.url ?? PAGERDUTY_ENQUEUE_URL,
    signingSecret: s.signingSecret,
    routingKey: s.routingKey,
  });
}

/**
 * Replaces every secret value, and the URL's path and query (where tokens live), in text that
 * came back from a receiver or a library, so an echo cannot leak into a log or an error.
 */
export function scrubSecret(text: string, secret: ReceiverSecret): string {
  const values = [secret.url, secret.signingSecret, secret.routingKey];
  try {
    const u = new URL(secret.url);
    values.push(u.pathname.length > 1 ? u.pathname : undefined, u.search || undefined);
    for (const v of u.searchParams.values()) values.push(v);
  } catch {
    // An unparsable URL has no parts to scrub beyond itself.
  }
  let out = text;
  for (const v of values.filter((x): x is string => typeof x === "string" && x.length >= 4)) {
    out = out.split(v).join(REDACTED);
  }
  return out;
}
