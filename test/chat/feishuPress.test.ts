import { afterEach, describe, expect, it } from "vitest";
import { encryptFeishu, feishuButtons, pressFeishuButton } from "../../infra/local/sink/press.ts";
import { feishuSignature } from "../../shared/chat/feishuRequest.ts";
import { type ChatStack, eventFor, LI, MIN, SECRET, startChatStack, writes } from "./chatStack.ts";

// A Feishu press end to end: the real deliver sends the card (an app's card, with callback
// buttons) to the sink, the sink presses as Feishu does (card.action.trigger, encrypted with
// the app's Encrypt Key and signed in X-Lark-* headers), chat-action answers with a toast.
let stack: ChatStack | undefined;
afterEach(async () => {
  await stack?.close();
  stack = undefined;
});

async function failedCard() {
  stack = await startChatStack();
  const events = await stack.poll(10 * MIN);
  const card = await stack.deliverTo("ops-feishu", eventFor(events, "Upgrade Failed", "cce-fail"));
  return { s: stack, card: card.json };
}

const post = async (s: ChatStack, body: string, headers: Record<string, string>) => {
  const res = await fetch(new URL("feishu", s.fnUrl.url), { method: "POST", headers, body });
  return { status: res.status, body: await res.text() };
};

describe("a Feishu press", () => {
  it("cancels a failed upgrade with one PATCH, answered with a toast", async () => {
    const { s, card } = await failedCard();
    expect(feishuButtons(card).map((b) => b.text?.content)).toEqual(["Cancel upgrade"]);
    const mark = s.sim.requests.length;
    const reply = await pressFeishuButton({
      message: card,
      chatActionUrl: s.fnUrl.url,
      encryptKey: SECRET.feishuEncryptKey,
      verificationToken: SECRET.feishuVerificationToken,
      openId: LI,
      now: s.clock.now(),
    });
    expect(reply.status).toBe(200);
    expect(JSON.parse(reply.body)).toMatchObject({ toast: { type: "info" } });
    expect(JSON.parse(reply.body).toast.content).toContain(`requested by ${LI} in ops-feishu`);
    expect(s.requested()[0]?.detail).toMatchObject({
      action: "cancel",
      requestedBy: { channel: "feishu", receiver: "ops-feishu", userId: LI, userName: null },
    });
    expect(s.since(mark)).toEqual([]);
    await s.work();
    expect(writes(s.since(mark)).map((r) => r.operation)).toEqual(["UpgradeWorkFlowUpdate"]);
  });

  it("refuses an open_id that is not listed with a warning toast, and nothing happens", async () => {
    const { s, card } = await failedCard();
    const mark = s.sim.requests.length;
    const reply = await pressFeishuButton({
      message: card,
      chatActionUrl: s.fnUrl.url,
      encryptKey: SECRET.feishuEncryptKey,
      verificationToken: SECRET.feishuVerificationToken,
      openId: "ou_0000000000000000000000000000000000",
      now: s.clock.now(),
    });
    expect(reply.status).toBe(200);
    expect(JSON.parse(reply.body).toast).toMatchObject({ type: "warning" });
    expect(s.bus.events).toEqual([]);
    expect(s.since(mark)).toEqual([]);
  });

  it("answers 401 to a wrong signature, a stale timestamp or a wrong verification token", async () => {
    const { s, card } = await failedCard();
    const [button] = feishuButtons(card);
    const now = s.clock.now();
    const callback = (token: string) =>
      JSON.stringify({
        encrypt: encryptFeishu(
          JSON.stringify({
            schema: "2.0",
            header: { event_type: "card.action.trigger", token },
            event: { operator: { open_id: LI }, action: { tag: "button", value: button?.value } },
          }),
          SECRET.feishuEncryptKey,
        ),
      });
    const ts = String(Math.floor(now.getTime() / 1000));
    const headers = (body: string, at = ts, key = SECRET.feishuEncryptKey) => ({
      "content-type": "application/json",
      "x-lark-request-timestamp": at,
      "x-lark-request-nonce": "n0nce",
      "x-lark-signature": feishuSignature(key, at, "n0nce", body),
    });
    const good = callback(SECRET.feishuVerificationToken);
    const refusals = [
      await post(s, good, headers(good, ts, "another-apps-encrypt-key")),
      await post(s, good, headers(good, String(Number(ts) - 301))),
      await post(s, `${good} `, headers(good)),
      await post(s, callback("wrong-token"), headers(callback("wrong-token"))),
    ];
    for (const r of refusals) expect(r).toEqual({ status: 401, body: "" });
    expect(s.bus.events).toEqual([]);
  });

  it("answers Feishu's URL check with its challenge, and nothing else with it", async () => {
    const { s } = await failedCard();
    const check = (token: string) =>
      JSON.stringify({
        encrypt: encryptFeishu(
          JSON.stringify({ challenge: "ajls384kdjx98XX", token, type: "url_verification" }),
          SECRET.feishuEncryptKey,
        ),
      });
    const ok = await post(s, check(SECRET.feishuVerificationToken), {
      "content-type": "application/json",
    });
    expect(ok.status).toBe(200);
    expect(JSON.parse(ok.body)).toEqual({ challenge: "ajls384kdjx98XX" });
    const wrong = await post(s, check("wrong"), { "content-type": "application/json" });
    expect(wrong).toEqual({ status: 401, body: "" });
  });
});
