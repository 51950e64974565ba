import { createHmac, timingSafeEqual } from "node:crypto";
import * as z from "zod";
import { ActionSchema } from "../events/outcomeDetails.ts";

/**
 * What a cluster's button carries, signed by us: which action, on which cluster (`clusterKey`)
 * and upgrade, from which receiver's message, until when (epoch seconds). Nothing is stored: the
 * token is the state, and the cloud, read again before acting, is the truth.
 */
export const ClusterClaimsSchema = z
  .object({
    v: z.literal(1),
    action: ActionSchema,
    cluster: z.string().min(1).max(300),
    upgrade: z.string().min(1).max(200),
    receiver: z.string().min(1).max(100),
    exp: z.int().positive(),
  })
  .strict();
export type ClusterClaims = z.infer<typeof ClusterClaimsSchema>;

/**
 * What an **Approve** button on Rollout Wave Ready carries: the rollout and the wave by name,
 * the receiver, and an expiry no later than the event's repeat bucket (a fresh button comes with
 * the next one). The approval is judged again, on fresh reads, when it runs.
 */
export const ApproveClaimsSchema = z
  .object({
    v: z.literal(1),
    action: z.literal("approve"),
    rollout: z.string().min(1).max(64),
    wave: z.string().min(1).max(64),
    receiver: z.string().min(1).max(100),
    exp: z.int().positive(),
  })
  .strict();
export type ApproveClaims = z.infer<typeof ApproveClaimsSchema>;

/**
 * Either kind, told apart by `action`. Tokens signed before approvals existed are cluster claims,
 * unchanged, and still verify. An approve token shown to a deployment from before approvals fails
 * closed there: its strict schema has no `approve` action, so it answers 401.
 */
export const ActionClaimsSchema = z.discriminatedUnion("action", [
  ClusterClaimsSchema,
  ApproveClaimsSchema,
]);
export type ActionClaims = z.infer<typeof ActionClaimsSchema>;

/** Keeps a token of ours from verifying as anything else signed with the same key, and back. */
const DOMAIN = "upgrade-shepherd/action-token/v1.";

/** Tokens longer than this are refused before any work: ours are about 300 characters. */
export const MAX_TOKEN_LENGTH = 1024;

const mac = (key: string, payload: string): Buffer =>
  createHmac("sha256", key).update(`${DOMAIN}${payload}`).digest();

/**
 * `<base64url(claims JSON)>.<base64url(HMAC-SHA256(key, domain + payload))>`. The key is the chat
 * secret's `tokenKey`; the claims are readable (they name what the message already shows) and
 * cannot be changed without the key.
 */
export function signActionToken(claims: ActionClaims, key: string): string {
  const payload = Buffer.from(JSON.stringify(ActionClaimsSchema.parse(claims))).toString(
    "base64url",
  );
  return `${payload}.${mac(key, payload).toString("base64url")}`;
}

/**
 * The claims of a token we signed that has not expired at `now`, or null: malformed, signed
 * with another key (another deployment's, an old one), altered, or expired all look the same to
 * the caller, which answers 401 with no detail. The MAC is checked, in constant time, before the
 * payload is decoded.
 */
export function verifyActionToken(token: unknown, key: string, now: Date): ActionClaims | null {
  if (typeof token !== "string" || token.length > MAX_TOKEN_LENGTH) return null;
  const match = /^([A-Za-z0-9_-]{1,900})\.([A-Za-z0-9_-]{43})$/.exec(token);
  if (!match?.[1] || !match[2]) return null;
  const given = Buffer.from(match[2], "base64url");
  const expected = mac(key, match[1]);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  let claims: unknown;
  try {
    claims = JSON.parse(Buffer.from(match[1], "base64url").toString("utf8"));
  } catch {
    return null;
  }
  const parsed = ActionClaimsSchema.safeParse(claims);
  if (!parsed.success) return null;
  return parsed.data.exp * 1000 > now.getTime() ? parsed.data : null;
}

/** A short digest of a token, for ids: equal for the same token, and revealing nothing of it. */
export const tokenDigest = (token: string): string =>
  createHmac("sha256", "upgrade-shepherd/token-digest").update(token).digest("hex").slice(0, 32);
