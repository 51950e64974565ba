import { describe, expect, it } from "vitest";
import {
  type ActionClaims,
  signActionToken,
  tokenDigest,
  verifyActionToken,
} from "../../shared/chat/actionToken.ts";

const KEY = "test-token-key-0123456789abcdef0123456789abcdef";
const NOW = new Date("2025-01-15T02:10:00Z");
const CLAIMS: ActionClaims = {
  v: 1,
  action: "resume",
  cluster: "cce/cn-north-4/0a1b2c3d4e5f40718293a4b5c6d7e8f9/5e2d1c3a-cce0-11ef-9a01-0255ac100001",
  upgrade: "7863b770-2b30-4398-aad9-383ba672e983",
  receiver: "ops-slack",
  exp: Math.floor(NOW.getTime() / 1000) + 3600,
};

describe("action tokens", () => {
  const token = signActionToken(CLAIMS, KEY);

  it("carry their claims, verifiable with the key until they expire", () => {
    expect(verifyActionToken(token, KEY, NOW)).toEqual(CLAIMS);
    expect(verifyActionToken(token, KEY, new Date((CLAIMS.exp - 1) * 1000))).toEqual(CLAIMS);
    expect(verifyActionToken(token, KEY, new Date(CLAIMS.exp * 1000))).toBeNull();
    expect(token.length).toBeLessThan(400);
  });

  it("are refused when signed with another key, altered in any part, or not one of ours", () => {
    const [payload, mac] = token.split(".") as [string, string];
    const other = JSON.parse(Buffer.from(payload, "base64url").toString());
    const forged = Buffer.from(JSON.stringify({ ...other, action: "cancel" })).toString(
      "base64url",
    );
    expect(verifyActionToken(signActionToken(CLAIMS, `${KEY}x`), KEY, NOW)).toBeNull();
    expect(verifyActionToken(`${forged}.${mac}`, KEY, NOW)).toBeNull();
    expect(
      verifyActionToken(`${payload}.${mac.slice(0, -1)}${mac.endsWith("A") ? "B" : "A"}`, KEY, NOW),
    ).toBeNull();
    for (const bad of [
      undefined,
      42,
      "",
      ".",
      token.replace(".", ""),
      `${token}.x`,
      "a".repeat(2000),
    ]) {
      expect(verifyActionToken(bad, KEY, NOW)).toBeNull();
    }
  });

  it("refuse claims we never sign, even under the right key", () => {
    expect(() => signActionToken({ ...CLAIMS, action: "delete" } as never, KEY)).toThrow();
    expect(() => signActionToken({ ...CLAIMS, extra: 1 } as never, KEY)).toThrow();
  });

  it("digest to the same id for the same token, and reveal nothing of it", () => {
    expect(tokenDigest(token)).toBe(tokenDigest(token));
    expect(tokenDigest(token)).toMatch(/^[0-9a-f]{32}$/);
    expect(token).not.toContain(tokenDigest(token));
    expect(tokenDigest(signActionToken({ ...CLAIMS, exp: CLAIMS.exp + 1 }, KEY))).not.toBe(
      tokenDigest(token),
    );
  });
});
