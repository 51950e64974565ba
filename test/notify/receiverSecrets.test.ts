import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { ConfigError } from "../../shared/errors.ts";
import { ReceiverSchema } from "../../shared/notify/config.ts";
import { receiverSecret, scrubSecret } from "../../shared/notify/receiverSecret.ts";
import {
  createReceiverSecrets,
  receiverSecretVariable,
} from "../../shared/notify/receiverSecrets.ts";
import { FakeSecretsManager } from "../config/helpers/fakeAws.ts";

const receiver = (input: Record<string, unknown>) => ReceiverSchema.parse(input);
const SLACK_URL = "https://hooks.slack.com/services/T000/B000/XXXXSECRETXXXX";

describe("receiver secrets from the environment (local)", () => {
  it("reads a bare URL, JSON, or one variable per field", async () => {
    const resolve = createReceiverSecrets({
      env: {
        SHEPHERD_RECEIVER_OPS_SLACK: SLACK_URL,
        SHEPHERD_RECEIVER_AUDIT: JSON.stringify({
          url: "https://audit.example.com/in",
          signingSecret: "k1",
        }),
        SHEPHERD_RECEIVER_ONCALL_ROUTING_KEY: "R0UTING",
      },
    });
    expect((await resolve(receiver({ name: "ops-slack", type: "slack" }))).url).toBe(SLACK_URL);
    const audit = await resolve(receiver({ name: "audit", type: "webhook" }));
    expect([audit.url, audit.signingSecret]).toEqual(["https://audit.example.com/in", "k1"]);
    const pd = await resolve(receiver({ name: "oncall", type: "pagerduty" }));
    expect([pd.url, pd.routingKey]).toEqual(["https://events.pagerduty.com/v2/enqueue", "R0UTING"]);
    expect(receiverSecretVariable("ops-slack")).toBe("SHEPHERD_RECEIVER_OPS_SLACK");
  });

  it("resolves the `secret` reference, shared by two receivers", async () => {
    const resolve = createReceiverSecrets({ env: { SHEPHERD_RECEIVER_TEAM_HOOK: SLACK_URL } });
    const a = await resolve(receiver({ name: "a", type: "slack", secret: "team-hook" }));
    const b = await resolve(receiver({ name: "b", type: "slack", secret: "team-hook" }));
    expect([a.url, b.url]).toEqual([SLACK_URL, SLACK_URL]);
  });

  it("fails with the variable's name and what is wrong, never the value", async () => {
    const resolve = createReceiverSecrets({
      env: {
        SHEPHERD_RECEIVER_HOOK: SLACK_URL,
        SHEPHERD_RECEIVER_BAD: '{"url": "x", "token": "SUPERSECRET"}',
      },
    });
    const missing = resolve(receiver({ name: "ghost", type: "slack" }));
    await expect(missing).rejects.toThrow(ConfigError);
    await expect(missing).rejects.toThrow(
      /SHEPHERD_RECEIVER_GHOST: receiver secret "ghost" is not set/,
    );
    const unsigned = resolve(receiver({ name: "hook", type: "webhook", secret: "hook" }));
    await expect(unsigned).rejects.toThrow(
      'a webhook receiver needs "signingSecret" in its secret',
    );
    const bad = await resolve(receiver({ name: "bad", type: "slack" })).catch((e: Error) => e);
    expect(String(bad)).toContain("keys other than url, signingSecret, routingKey");
    expect(String(bad)).not.toContain("SUPERSECRET");
  });

  it("refuses a signing secret a channel would ignore", async () => {
    const resolve = createReceiverSecrets({
      env: {
        SHEPHERD_RECEIVER_W: JSON.stringify({
          url: "https://qyapi.weixin.qq.com/x",
          signingSecret: "s",
        }),
      },
    });
    await expect(resolve(receiver({ name: "w", type: "wecom" }))).rejects.toThrow(
      'a wecom receiver does not use "signingSecret"',
    );
  });
});

describe("receiver secrets from Secrets Manager (cloud)", () => {
  it("reads <prefix><name> through GetSecretValue (Secrets Manager faked), and caches it for maxAge", async () => {
    const secretsManager = new FakeSecretsManager({
      "upgrade-shepherd/dev/receivers/ops-slack": JSON.stringify({ url: SLACK_URL }),
    });
    let now = 0;
    const resolve = createReceiverSecrets({
      env: {
        SHEPHERD_RECEIVER_SECRET_PREFIX: "upgrade-shepherd/dev/receivers/",
        SHEPHERD_RECEIVER_OPS_SLACK: "ignored",
      },
      secretsManager,
      now: () => new Date(now),
      maxAgeMs: 60_000,
    });
    const r = receiver({ name: "ops-slack", type: "slack" });
    expect((await resolve(r)).url).toBe(SLACK_URL);
    await resolve(r);
    expect(secretsManager.inputs).toHaveLength(1);
    now = 61_000;
    await resolve(r);
    expect(secretsManager.inputs).toHaveLength(2);
    expect(secretsManager.inputs[0]).toMatchObject({
      SecretId: "upgrade-shepherd/dev/receivers/ops-slack",
    });
  });

  it("names the secret id when it cannot be read", async () => {
    const resolve = createReceiverSecrets({
      env: { SHEPHERD_RECEIVER_SECRET_PREFIX: "p/" },
      secretsManager: new FakeSecretsManager({}),
    });
    await expect(resolve(receiver({ name: "gone", type: "slack" }))).rejects.toThrow(/p\/gone/);
  });
});

describe("a loaded secret never prints", () => {
  it("JSON, inspect, string conversion and spreading show nothing", () => {
    const s = receiverSecret({ url: SLACK_URL, signingSecret: "SIGNKEY" });
    const shown = [
      JSON.stringify({ s }),
      inspect(s),
      String(s),
      `${s}`,
      JSON.stringify({ ...s }),
    ].join(" ");
    expect(shown).not.toContain("XXXXSECRETXXXX");
    expect(shown).not.toContain("SIGNKEY");
    expect(s.url).toBe(SLACK_URL);
  });

  it("scrubSecret removes the URL, its path and token, and the keys from echoed text", () => {
    const s = receiverSecret({
      url: "https://oapi.dingtalk.com/robot/send?access_token=tok-123456",
      signingSecret: "SIGNKEY",
    });
    const text =
      "bad request to https://oapi.dingtalk.com/robot/send?access_token=tok-123456 token tok-123456 key SIGNKEY";
    const scrubbed = scrubSecret(text, s);
    expect(scrubbed).not.toContain("tok-123456");
    expect(scrubbed).not.toContain("SIGNKEY");
    expect(scrubbed).toContain("[redacted]");
  });
});
