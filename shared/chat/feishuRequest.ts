import { createDecipheriv, createHash } from "node:crypto";
import * as z from "zod";
import { equalSignatures } from "./slackRequest.ts";

/** Our own replay window for Feishu callbacks; Feishu documents none. The same five minutes as Slack. */
export const FEISHU_MAX_AGE_SECONDS = 300;

/**
 * Feishu's callback signature, as its "接收回调" (receive callbacks) page documents for an app
 * with an Encrypt Key: join the `X-Lark-Request-Timestamp` and `X-Lark-Request-Nonce` headers and
 * the Encrypt Key, append the raw body, and compare the SHA-256 hex digest with
 * `X-Lark-Signature` (open.feishu.cn/document/uAjLw4CM/ukTMukTMukTM/event-subscription-guide/
 * callback-subscription/receive-and-handle-callbacks; the official larksuite/node-sdk computes
 * the same in `dispatcher/request-handle.ts`, `checkIsEventValidated`). Reads two headers and the
 * raw bytes, nothing else.
 */
export function verifyFeishuSignature(
  headers: Readonly<Record<string, string | undefined>>,
  rawBody: string,
  encryptKey: string,
  now: Date,
): boolean {
  const timestamp = headers["x-lark-request-timestamp"];
  const nonce = headers["x-lark-request-nonce"];
  const signature = headers["x-lark-signature"];
  if (!timestamp || !nonce || !signature || !/^\d{1,12}$/.test(timestamp)) return false;
  if (Math.abs(now.getTime() / 1000 - Number(timestamp)) > FEISHU_MAX_AGE_SECONDS) return false;
  return equalSignatures(signature, feishuSignature(encryptKey, timestamp, nonce, rawBody));
}

export function feishuSignature(
  encryptKey: string,
  timestamp: string,
  nonce: string,
  rawBody: string,
): string {
  return createHash("sha256")
    .update(
      Buffer.concat([
        Buffer.from(`${timestamp}${nonce}${encryptKey}`, "utf8"),
        Buffer.from(rawBody, "utf8"),
      ]),
    )
    .digest("hex");
}

/**
 * An encrypted callback body, `{"encrypt": base64(iv + AES-256-CBC(sha256(Encrypt Key), json))}`
 * (the same page, "解密"; node-sdk `utils/aes-cipher.ts`). Null when it does not decrypt.
 */
export function decryptFeishu(encrypted: string, encryptKey: string): string | null {
  try {
    const data = Buffer.from(encrypted, "base64");
    if (data.length < 32) return null;
    const key = createHash("sha256").update(encryptKey).digest();
    const decipher = createDecipheriv("aes-256-cbc", key, data.subarray(0, 16));
    return Buffer.concat([decipher.update(data.subarray(16)), decipher.final()]).toString("utf8");
  } catch {
    return null;
  }
}

const UrlVerificationSchema = z.object({
  type: z.literal("url_verification"),
  challenge: z.string().max(200),
  token: z.string(),
});

/** `card.action.trigger`, schema 2.0: the parts we read (open.feishu.cn, "卡片回传交互"). */
const CardActionSchema = z.object({
  schema: z.literal("2.0"),
  header: z.object({ event_type: z.literal("card.action.trigger"), token: z.string() }),
  event: z.object({
    operator: z.object({ open_id: z.string().regex(/^ou_[A-Za-z0-9]{1,64}$/) }),
    action: z.object({ value: z.unknown() }),
  }),
});

export type FeishuCallback =
  | { kind: "url-verification"; challenge: string; token: string }
  | { kind: "press"; openId: string; token: string | null; verificationToken: string }
  | { kind: "other" };

/**
 * A verified callback's body, decrypted when it is (`encrypt`), as one of: the URL check Feishu
 * sends when the callback address is saved, a press on one of our buttons (`value.shepherd`), or
 * anything else.
 */
export function parseFeishuCallback(rawBody: string, encryptKey: string): FeishuCallback | null {
  let json = parse(rawBody);
  if (json && typeof json === "object" && "encrypt" in json) {
    const plain = decryptFeishu(String((json as { encrypt: unknown }).encrypt), encryptKey);
    json = plain === null ? null : parse(plain);
  }
  if (json === null) return null;
  const check = UrlVerificationSchema.safeParse(json);
  if (check.success) {
    return { kind: "url-verification", challenge: check.data.challenge, token: check.data.token };
  }
  const press = CardActionSchema.safeParse(json);
  if (!press.success) return { kind: "other" };
  const value = press.data.event.action.value as { shepherd?: unknown } | null;
  return {
    kind: "press",
    openId: press.data.event.operator.open_id,
    token: value && typeof value.shepherd === "string" ? value.shepherd : null,
    verificationToken: press.data.header.token,
  };
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
