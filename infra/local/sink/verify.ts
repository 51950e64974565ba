import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * Signature checks written from the receivers' side, as a receiver would write them (and as
 * shared/notify/README.md shows), without importing the sender's code: a mistake in one is
 * caught by the other.
 */
export type Verdict = { ok: true } | { ok: false; reason: string };

const equal = (a: Buffer, b: Buffer): boolean => a.length === b.length && timingSafeEqual(a, b);

/**
 * `X-Shepherd-Signature: v1=<hex HMAC-SHA256(secret, "<timestamp>.<raw body>")>`, with the
 * timestamp within `maxAgeSeconds` of now, either way.
 */
export function verifyShepherd(
  headers: Record<string, string | undefined>,
  rawBody: string,
  secret: string,
  nowMs: number,
  maxAgeSeconds = 300,
): Verdict {
  const timestamp = headers["x-shepherd-timestamp"] ?? "";
  const signature = headers["x-shepherd-signature"] ?? "";
  if (!/^\d+$/.test(timestamp)) return { ok: false, reason: "missing or malformed timestamp" };
  if (Math.abs(nowMs / 1000 - Number(timestamp)) > maxAgeSeconds) {
    return { ok: false, reason: "timestamp outside the replay window" };
  }
  const expected = createHmac("sha256", secret).update(`${timestamp}.${rawBody}`).digest();
  const given = signature
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s.startsWith("v1="))
    .map((s) => Buffer.from(s.slice(3), "hex"));
  return given.some((g) => equal(g, expected))
    ? { ok: true }
    : { ok: false, reason: "signature mismatch" };
}

/** DingTalk: `timestamp` (ms) and `sign` in the query; sign = base64 HMAC(secret, "ts\nsecret"). */
export function verifyDingTalk(
  query: URLSearchParams,
  secret: string,
  nowMs: number,
  maxAgeSeconds = 3600,
): Verdict {
  const timestamp = query.get("timestamp") ?? "";
  const sign = query.get("sign") ?? "";
  if (!/^\d+$/.test(timestamp)) return { ok: false, reason: "missing timestamp" };
  if (Math.abs(nowMs - Number(timestamp)) > maxAgeSeconds * 1000) {
    return { ok: false, reason: "timestamp is more than an hour away" };
  }
  const expected = createHmac("sha256", secret).update(`${timestamp}\n${secret}`).digest();
  return equal(Buffer.from(sign, "base64"), expected)
    ? { ok: true }
    : { ok: false, reason: "sign not match" };
}

/** Feishu: `timestamp` (s) and `sign` in the JSON body; sign = base64 HMAC(key "ts\nsecret", ""). */
export function verifyFeishu(
  body: unknown,
  secret: string,
  nowMs: number,
  maxAgeSeconds = 3600,
): Verdict {
  const b = (body ?? {}) as { timestamp?: unknown; sign?: unknown };
  const timestamp = typeof b.timestamp === "string" ? b.timestamp : String(b.timestamp ?? "");
  const sign = typeof b.sign === "string" ? b.sign : "";
  if (!/^\d+$/.test(timestamp)) return { ok: false, reason: "missing timestamp" };
  if (Math.abs(nowMs / 1000 - Number(timestamp)) > maxAgeSeconds) {
    return { ok: false, reason: "timestamp is more than an hour away" };
  }
  const expected = createHmac("sha256", `${timestamp}\n${secret}`).update("").digest();
  return equal(Buffer.from(sign, "base64"), expected)
    ? { ok: true }
    : { ok: false, reason: "sign match fail" };
}
