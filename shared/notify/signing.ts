import { createHmac } from "node:crypto";

/** The scheme tag in `X-Shepherd-Signature: v1=<hex>`; a new scheme gets a new tag. */
export const SIGNATURE_SCHEME = "v1";

/**
 * Generic webhook and CloudEvents: hex HMAC-SHA256 over `<timestamp>.<body>`. The timestamp is
 * inside the MAC, so a receiver that rejects old timestamps rejects replays too.
 */
export function shepherdSignature(secret: string, timestamp: string, body: string): string {
  const mac = createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex");
  return `${SIGNATURE_SCHEME}=${mac}`;
}

/**
 * DingTalk's robot security setting "加签": base64 HMAC-SHA256 keyed with the secret over
 * `<timestamp ms>\n<secret>`, sent URL-encoded as `sign` beside `timestamp` in the query.
 * DingTalk refuses a timestamp more than an hour from its clock.
 */
export function dingTalkSign(secret: string, timestampMs: string): string {
  return createHmac("sha256", secret).update(`${timestampMs}\n${secret}`).digest("base64");
}

/**
 * Feishu/Lark's custom bot signature: base64 HMAC-SHA256 keyed with `<timestamp s>\n<secret>`
 * over an empty message (the key and the message are the other way round from DingTalk's), sent
 * as `timestamp` and `sign` in the JSON body.
 */
export function feishuSign(secret: string, timestampSeconds: string): string {
  return createHmac("sha256", `${timestampSeconds}\n${secret}`).update("").digest("base64");
}
