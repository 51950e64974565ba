import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { CHAT_SECRET_VARIABLE, createChatSecret } from "../../shared/chat/chatSecret.ts";
import { ConfigError } from "../../shared/errors.ts";

const TOKEN_KEY = "test-token-key-0123456789abcdef0123456789";
const SIGNING = "test-slack-signing-secret";

describe("createChatSecret (the environment form, as npm start and deliver use it)", () => {
  it("reads every field of the JSON variable through the secret store, and prints none", async () => {
    const load = createChatSecret({
      env: {
        [CHAT_SECRET_VARIABLE]: JSON.stringify({
          tokenKey: TOKEN_KEY,
          slackSigningSecret: SIGNING,
        }),
      },
    });
    const secret = await load();
    const { tokenKey } = secret;
    expect(tokenKey).toBe(TOKEN_KEY);
    expect(secret.slackSigningSecret).toBe(SIGNING);
    expect(secret.feishuEncryptKey).toBeUndefined();
    const printed = `${JSON.stringify(secret)} ${inspect(secret)} ${String(secret)}`;
    expect(printed).not.toContain(TOKEN_KEY);
    expect(printed).not.toContain(SIGNING);
  });

  it("reads the one-variable-per-field form", async () => {
    const secret = await createChatSecret({
      env: { SHEPHERD_CHAT_SECRET_TOKEN_KEY: TOKEN_KEY },
    })();
    expect(secret.tokenKey).toBe(TOKEN_KEY);
  });

  it("refuses a short token key, naming the variable and not the value", async () => {
    const load = createChatSecret({
      env: { [CHAT_SECRET_VARIABLE]: JSON.stringify({ tokenKey: "short-key" }) },
    });
    const error = await load().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect(String((error as Error).message)).toContain("tokenKey");
    expect(String((error as Error).message)).not.toContain("short-key");
  });
});
