import { createHmac, timingSafeEqual } from "node:crypto";
import * as z from "zod";

/** Slack refuses to count on a request older than this, and so do we (Slack's own figure). */
export const SLACK_MAX_AGE_SECONDS = 300;

/**
 * Slack's request signature (api.slack.com/authentication/verifying-requests-from-slack): the
 * `v0` HMAC-SHA256, keyed with the app's Signing Secret, over `v0:{X-Slack-Request-Timestamp}:{raw
 * body}`, sent as `X-Slack-Signature: v0=<hex>`. A timestamp more than five minutes from our
 * clock is refused (replays), and the comparison takes constant time. Reads only the two headers
 * and the raw bytes: nothing of the body is parsed before this says yes.
 */
export function verifySlackSignature(
  headers: Readonly<Record<string, string | undefined>>,
  rawBody: string,
  signingSecret: string,
  now: Date,
): boolean {
  const timestamp = headers["x-slack-request-timestamp"];
  const signature = headers["x-slack-signature"];
  if (!timestamp || !signature || !/^\d{1,12}$/.test(timestamp)) return false;
  if (Math.abs(now.getTime() / 1000 - Number(timestamp)) > SLACK_MAX_AGE_SECONDS) return false;
  return equalSignatures(signature, slackSignature(signingSecret, timestamp, rawBody));
}

/** `v0=<hex>`: what Slack sends for this timestamp and body (the sink signs with it too). */
export function slackSignature(signingSecret: string, timestamp: string, rawBody: string): string {
  return `v0=${createHmac("sha256", signingSecret).update(`v0:${timestamp}:${rawBody}`).digest("hex")}`;
}

/** Constant time for equal lengths; a different length is a refusal without comparing. */
export function equalSignatures(given: string, expected: string): boolean {
  const a = Buffer.from(given, "utf8");
  const b = Buffer.from(expected, "utf8");
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * The parts of a `block_actions` interaction payload we use (docs.slack.dev, "block_actions
 * payloads"): who pressed, the button's value (our token) and `response_url`. Other fields are
 * let through unread.
 */
const BlockActionsSchema = z.object({
  type: z.literal("block_actions"),
  user: z.object({
    id: z.string().regex(/^[UW][A-Z0-9]{2,30}$/),
    username: z.string().max(200).optional(),
    name: z.string().max(200).optional(),
  }),
  response_url: z.url().optional(),
  actions: z
    .array(
      z.object({
        action_id: z.string().max(255),
        value: z.string().max(2000).optional(),
      }),
    )
    .min(1),
});

export interface SlackPress {
  userId: string;
  userName: string | null;
  token: string | null;
  responseUrl: string | null;
}

/**
 * The press in a verified interactivity request: `payload=<JSON>`, form-encoded. Anything but
 * one of our buttons (`shepherd-*`) in a `block_actions` payload is null.
 */
export function parseSlackPress(rawBody: string): SlackPress | null {
  const payload = new URLSearchParams(rawBody).get("payload");
  if (payload === null) return null;
  let json: unknown;
  try {
    json = JSON.parse(payload);
  } catch {
    return null;
  }
  const parsed = BlockActionsSchema.safeParse(json);
  if (!parsed.success) return null;
  const action = parsed.data.actions.find((a) => a.action_id.startsWith("shepherd-"));
  if (!action) return null;
  return {
    userId: parsed.data.user.id,
    userName: parsed.data.user.username ?? parsed.data.user.name ?? null,
    token: action.value ?? null,
    responseUrl: parsed.data.response_url ?? null,
  };
}
