import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { encryptFeishu } from "../../infra/local/sink/press.ts";
import {
  decryptFeishu,
  feishuSignature,
  parseFeishuCallback,
  verifyFeishuSignature,
} from "../../shared/chat/feishuRequest.ts";
import {
  parseSlackPress,
  slackSignature,
  verifySlackSignature,
} from "../../shared/chat/slackRequest.ts";

/**
 * Slack's own worked example ("Verifying requests from Slack", api.slack.com/authentication/
 * verifying-requests-from-slack): this signing secret, timestamp and slash-command body give
 * this signature.
 */
const SLACK_DOC = {
  secret: "8f742231b10e8888abcd99yyyzzz85a5",
  timestamp: "1531420618",
  body: "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c",
  signature: "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503",
};
const at = (seconds: number) => new Date(seconds * 1000);

describe("Slack request signatures", () => {
  const headers = {
    "x-slack-request-timestamp": SLACK_DOC.timestamp,
    "x-slack-signature": SLACK_DOC.signature,
  };
  it("match Slack's documented example", () => {
    expect(slackSignature(SLACK_DOC.secret, SLACK_DOC.timestamp, SLACK_DOC.body)).toBe(
      SLACK_DOC.signature,
    );
    expect(
      verifySlackSignature(headers, SLACK_DOC.body, SLACK_DOC.secret, at(1531420618 + 60)),
    ).toBe(true);
  });

  it("refuse a timestamp more than five minutes away, either way", () => {
    expect(
      verifySlackSignature(headers, SLACK_DOC.body, SLACK_DOC.secret, at(1531420618 + 300)),
    ).toBe(true);
    expect(
      verifySlackSignature(headers, SLACK_DOC.body, SLACK_DOC.secret, at(1531420618 + 301)),
    ).toBe(false);
    expect(
      verifySlackSignature(headers, SLACK_DOC.body, SLACK_DOC.secret, at(1531420618 - 301)),
    ).toBe(false);
  });

  it("refuse another secret, another body, a missing or malformed header", () => {
    const now = at(1531420618);
    expect(verifySlackSignature(headers, SLACK_DOC.body, "another-secret", now)).toBe(false);
    expect(verifySlackSignature(headers, `${SLACK_DOC.body}&x=1`, SLACK_DOC.secret, now)).toBe(
      false,
    );
    expect(
      verifySlackSignature(
        { ...headers, "x-slack-signature": undefined },
        SLACK_DOC.body,
        SLACK_DOC.secret,
        now,
      ),
    ).toBe(false);
    expect(
      verifySlackSignature(
        { ...headers, "x-slack-request-timestamp": "1531420618.5" },
        SLACK_DOC.body,
        SLACK_DOC.secret,
        now,
      ),
    ).toBe(false);
    expect(
      verifySlackSignature(
        { ...headers, "x-slack-signature": SLACK_DOC.signature.toUpperCase() },
        SLACK_DOC.body,
        SLACK_DOC.secret,
        now,
      ),
    ).toBe(false);
  });

  it("read a press only from a block_actions payload with one of our buttons", () => {
    const body = (payload: unknown) =>
      new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
    const press = {
      type: "block_actions",
      user: { id: "U0ALICE001", username: "alice" },
      response_url: "https://hooks.slack.com/actions/T0/1/abc",
      actions: [{ action_id: "shepherd-resume", value: "tok" }],
    };
    expect(parseSlackPress(body(press))).toEqual({
      userId: "U0ALICE001",
      userName: "alice",
      token: "tok",
      responseUrl: "https://hooks.slack.com/actions/T0/1/abc",
    });
    expect(
      parseSlackPress(body({ ...press, actions: [{ action_id: "other", value: "x" }] })),
    ).toBeNull();
    expect(parseSlackPress(body({ ...press, type: "view_submission" }))).toBeNull();
    expect(parseSlackPress(body({ ...press, user: { id: "not-a-user" } }))).toBeNull();
    expect(parseSlackPress("payload=%7Bnot json")).toBeNull();
    expect(parseSlackPress(SLACK_DOC.body)).toBeNull();
  });
});

describe("Feishu callbacks", () => {
  it("decrypt Feishu's documented example (Encrypt Key `test key` -> hello world)", () => {
    // open.feishu.cn, event subscription "request URL configuration case": the decrypt sample.
    expect(decryptFeishu("P37w+VZImNgPEO1RBhJ6RtKl7n6zymIbEG1pReEzghk=", "test key")).toBe(
      "hello world",
    );
    expect(decryptFeishu("P37w+VZImNgPEO1RBhJ6RtKl7n6zymIbEG1pReEzghk=", "other key")).toBeNull();
    expect(decryptFeishu("AAAA", "test key")).toBeNull();
  });

  it("sign as the page says: sha256 over timestamp, nonce and Encrypt Key as UTF-8, then the raw body bytes", () => {
    const body = '{"encrypt":"P37w+VZImNgPEO1RBhJ6RtKl7n6zymIbEG1pReEzghk="}';
    const independent = createHash("sha256")
      .update(`1700000000nonce-1test key`)
      .update(body)
      .digest("hex");
    expect(feishuSignature("test key", "1700000000", "nonce-1", body)).toBe(independent);
    const headers = {
      "x-lark-request-timestamp": "1700000000",
      "x-lark-request-nonce": "nonce-1",
      "x-lark-signature": independent,
    };
    expect(verifyFeishuSignature(headers, body, "test key", at(1700000000 + 300))).toBe(true);
    expect(verifyFeishuSignature(headers, body, "test key", at(1700000000 + 301))).toBe(false);
    expect(verifyFeishuSignature(headers, `${body}\n`, "test key", at(1700000000))).toBe(false);
    expect(
      verifyFeishuSignature(
        { ...headers, "x-lark-request-nonce": "nonce-2" },
        body,
        "test key",
        at(1700000000),
      ),
    ).toBe(false);
    expect(verifyFeishuSignature(headers, body, "other key", at(1700000000))).toBe(false);
  });

  it("read a card.action.trigger press, the URL check, and nothing else", () => {
    const key = "test key";
    const press = {
      schema: "2.0",
      header: { event_type: "card.action.trigger", token: "vt" },
      event: {
        operator: { open_id: "ou_abc123" },
        action: { tag: "button", value: { shepherd: "tok" } },
      },
    };
    const sealed = (v: unknown) =>
      JSON.stringify({ encrypt: encryptFeishu(JSON.stringify(v), key) });
    expect(parseFeishuCallback(sealed(press), key)).toEqual({
      kind: "press",
      openId: "ou_abc123",
      token: "tok",
      verificationToken: "vt",
    });
    expect(parseFeishuCallback(JSON.stringify(press), key)).toMatchObject({ kind: "press" });
    expect(
      parseFeishuCallback(sealed({ challenge: "c", token: "vt", type: "url_verification" }), key),
    ).toEqual({
      kind: "url-verification",
      challenge: "c",
      token: "vt",
    });
    expect(
      parseFeishuCallback(
        sealed({ schema: "2.0", header: { event_type: "im.message.receive_v1" } }),
        key,
      ),
    ).toEqual({
      kind: "other",
    });
    expect(parseFeishuCallback(JSON.stringify({ encrypt: "garbage" }), key)).toBeNull();
  });
});
