import { webcrypto } from "node:crypto";
import { describe, expect, it } from "vitest";
import { verifyDingTalk, verifyFeishu, verifyShepherd } from "../../infra/local/sink/verify.ts";
import { buildRequests } from "../../shared/notify/buildRequests.ts";
import { receiverSecret } from "../../shared/notify/receiverSecret.ts";
import { dingTalkSign, feishuSign, shepherdSignature } from "../../shared/notify/signing.ts";
import { NOTIFIED_EVENTS } from "../helpers/notifyEvents.ts";

const NOW = new Date("2025-03-01T10:00:05.123Z");
const SECRET = "test-signing-key";
const event = NOTIFIED_EVENTS["Upgrade Failed"];

/** HMAC through Web Crypto: a second implementation, so the signer is not checked against itself. */
async function webHmac(key: string, message: string, encoding: "hex" | "base64"): Promise<string> {
  const k = await webcrypto.subtle.importKey(
    "raw",
    new TextEncoder().encode(key),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
  const mac = Buffer.from(
    await webcrypto.subtle.sign("HMAC", k, new TextEncoder().encode(message)),
  );
  return mac.toString(encoding);
}

describe("signatures", () => {
  it("X-Shepherd-Signature is v1= hex HMAC-SHA256 over `timestamp.body`", async () => {
    expect(shepherdSignature(SECRET, "1740823205", '{"a":1}')).toBe(
      `v1=${await webHmac(SECRET, '1740823205.{"a":1}', "hex")}`,
    );
  });

  it("DingTalk's sign keys the HMAC with the secret; Feishu's keys it with `ts\\nsecret`", async () => {
    expect(dingTalkSign(SECRET, "1740823205123")).toBe(
      await webHmac(SECRET, `1740823205123\n${SECRET}`, "base64"),
    );
    expect(feishuSign(SECRET, "1740823205")).toBe(
      await webHmac(`1740823205\n${SECRET}`, "", "base64"),
    );
  });

  it("a generic webhook request carries id, event, timestamp and a signature a receiver verifies", () => {
    const secret = receiverSecret({
      url: "https://hooks.example.com/in?token=abcdef",
      signingSecret: SECRET,
    });
    const [req] = buildRequests("webhook", [event], secret, { now: NOW });
    expect(req?.headers).toMatchObject({
      "content-type": "application/json; charset=utf-8",
      "x-shepherd-id": event.detail.id,
      "x-shepherd-event": "Upgrade Failed",
      "x-shepherd-timestamp": "1740823205",
    });
    expect(verifyShepherd(req?.headers ?? {}, req?.body ?? "", SECRET, NOW.getTime())).toEqual({
      ok: true,
    });
    expect(JSON.parse(req?.body ?? "{}")).toMatchObject({
      version: "1",
      id: event.detail.id,
      event,
    });
    expect(req?.body).not.toContain(SECRET);
    expect(req?.body).not.toContain("abcdef");
  });

  it("a receiver rejects a tampered body, a wrong key and a replay after five minutes", () => {
    const secret = receiverSecret({ url: "https://hooks.example.com/in", signingSecret: SECRET });
    const [req] = buildRequests("webhook", [event], secret, { now: NOW });
    const headers = req?.headers ?? {};
    const body = req?.body ?? "";
    expect(verifyShepherd(headers, `${body} `, SECRET, NOW.getTime()).ok).toBe(false);
    expect(verifyShepherd(headers, body, "other-key", NOW.getTime()).ok).toBe(false);
    expect(verifyShepherd(headers, body, SECRET, NOW.getTime() + 301_000)).toEqual({
      ok: false,
      reason: "timestamp outside the replay window",
    });
  });

  it("DingTalk adds timestamp and sign to the query, keeping the access token", () => {
    const secret = receiverSecret({
      url: "https://oapi.dingtalk.com/robot/send?access_token=tok123",
      signingSecret: SECRET,
    });
    const [req] = buildRequests("dingtalk", [event], secret, { now: NOW });
    const url = new URL(req?.url ?? "");
    expect(url.searchParams.get("access_token")).toBe("tok123");
    expect(url.searchParams.get("timestamp")).toBe(String(NOW.getTime()));
    expect(verifyDingTalk(url.searchParams, SECRET, NOW.getTime())).toEqual({ ok: true });
    expect(verifyDingTalk(url.searchParams, "wrong", NOW.getTime()).ok).toBe(false);
  });

  it("Feishu adds timestamp and sign to the body; unsigned robots send the bare message", () => {
    const signed = buildRequests(
      "feishu",
      [event],
      receiverSecret({
        url: "https://open.feishu.cn/open-apis/bot/v2/hook/x",
        signingSecret: SECRET,
      }),
      { now: NOW },
    )[0];
    const body = JSON.parse(signed?.body ?? "{}");
    expect(body).toMatchObject({ timestamp: "1740823205", msg_type: "interactive" });
    expect(verifyFeishu(body, SECRET, NOW.getTime())).toEqual({ ok: true });
    const bare = buildRequests(
      "feishu",
      [event],
      receiverSecret({ url: "https://open.feishu.cn/x" }),
      { now: NOW },
    )[0];
    expect(JSON.parse(bare?.body ?? "{}")).not.toHaveProperty("sign");
  });

  it("PagerDuty gets the routing key in the body and nowhere else", () => {
    const reqs = buildRequests("pagerduty", [event], receiverSecret({ routingKey: "R0UTINGKEY" }), {
      now: NOW,
    });
    expect(reqs).toHaveLength(1);
    expect(reqs[0]?.url).toBe("https://events.pagerduty.com/v2/enqueue");
    expect(JSON.parse(reqs[0]?.body ?? "{}")).toMatchObject({
      routing_key: "R0UTINGKEY",
      event_action: "trigger",
    });
  });
});

describe("buildRequests", () => {
  it("sends one message per event to a channel that does not aggregate", () => {
    const secret = receiverSecret({ url: "https://hooks.slack.com/services/x" });
    const events = [NOTIFIED_EVENTS["Upgrade Failed"], NOTIFIED_EVENTS["Upgrade Started"]];
    expect(buildRequests("slack", events, secret, { now: NOW })).toHaveLength(2);
    expect(buildRequests("wecom", events, secret, { now: NOW })).toHaveLength(1);
  });
});
