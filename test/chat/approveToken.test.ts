import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  type ApproveClaims,
  signActionToken,
  verifyActionToken,
} from "../../shared/chat/actionToken.ts";

const KEY = "test-token-key-0123456789abcdef0123456789abcdef";
const NOW = new Date("2025-01-15T02:10:00Z");
const EXP = Math.floor(NOW.getTime() / 1000) + 3600;
const APPROVE: ApproveClaims = {
  v: 1,
  action: "approve",
  rollout: "k8s-1.31",
  wave: "early",
  receiver: "ops-slack",
  exp: EXP,
};

/**
 * A resume token as the code before approvals signed it (main at 884d48e, `signActionToken`),
 * and an approve token as this code signs it; the second was also given to that older
 * `verifyActionToken`, which answered null (measured once with tsx; see the report).
 */
const OLD_RESUME =
  "eyJ2IjoxLCJhY3Rpb24iOiJyZXN1bWUiLCJjbHVzdGVyIjoiY2NlL2NuLW5vcnRoLTQvMGExYjJjM2Q0ZTVmNDA3MTgyOTNhNGI1YzZkN2U4ZjkvNWUyZDFjM2EtY2NlMC0xMWVmLTlhMDEtMDI1NWFjMTAwMDAxIiwidXBncmFkZSI6Ijc4NjNiNzcwLTJiMzAtNDM5OC1hYWQ5LTM4M2JhNjcyZTk4MyIsInJlY2VpdmVyIjoib3BzLXNsYWNrIiwiZXhwIjoxNzM2OTEwNjAwfQ.suL3QBL52G5ByXy_jtrpTSQ5-OZ2lcOJ5ua6w92GvB8";
const APPROVE_TOKEN =
  "eyJ2IjoxLCJhY3Rpb24iOiJhcHByb3ZlIiwicm9sbG91dCI6Ims4cy0xLjMxIiwid2F2ZSI6ImVhcmx5IiwicmVjZWl2ZXIiOiJvcHMtc2xhY2siLCJleHAiOjE3MzY5MTA2MDB9.t22Sn-E1jC-BgulPX4gB1mpCsDYzYMu6Efnr4qXFZnA";

/** Signs any payload as our tokens are signed, to show the schema, not the MAC, refuses it. */
const signRaw = (claims: unknown): string => {
  const payload = Buffer.from(JSON.stringify(claims)).toString("base64url");
  const mac = createHmac("sha256", KEY)
    .update(`upgrade-shepherd/action-token/v1.${payload}`)
    .digest("base64url");
  return `${payload}.${mac}`;
};

describe("approve tokens", () => {
  it("carry the rollout, the wave and the receiver, verifiable until they expire", () => {
    const token = signActionToken(APPROVE, KEY);
    expect(token).toBe(APPROVE_TOKEN);
    expect(verifyActionToken(token, KEY, NOW)).toEqual(APPROVE);
    expect(verifyActionToken(token, KEY, new Date((EXP - 1) * 1000))).toEqual(APPROVE);
    expect(verifyActionToken(token, KEY, new Date(EXP * 1000))).toBeNull();
  });

  it("are refused when altered (another wave, another rollout), or signed with another key", () => {
    const [payload, mac] = APPROVE_TOKEN.split(".") as [string, string];
    const claims = JSON.parse(Buffer.from(payload, "base64url").toString());
    for (const change of [{ wave: "rest" }, { rollout: "k8s-1.32" }, { exp: EXP + 86_400 }]) {
      const forged = Buffer.from(JSON.stringify({ ...claims, ...change })).toString("base64url");
      expect(verifyActionToken(`${forged}.${mac}`, KEY, NOW), JSON.stringify(change)).toBeNull();
    }
    expect(verifyActionToken(signActionToken(APPROVE, `${KEY}x`), KEY, NOW)).toBeNull();
  });

  it("keep each kind's own fields: an approve with a cluster, or a resume with a wave, is refused", () => {
    expect(verifyActionToken(signRaw({ ...APPROVE, cluster: "x" }), KEY, NOW)).toBeNull();
    expect(verifyActionToken(signRaw({ ...APPROVE, action: "resume" }), KEY, NOW)).toBeNull();
    expect(verifyActionToken(signRaw({ ...APPROVE, wave: undefined }), KEY, NOW)).toBeNull();
    expect(verifyActionToken(signRaw({ ...APPROVE, v: 2 }), KEY, NOW)).toBeNull();
    // Signed the same way, the well-formed claims do verify: the refusals above are the schema's.
    expect(verifyActionToken(signRaw(APPROVE), KEY, NOW)).toEqual(APPROVE);
  });

  it("leave the tokens signed before approvals existed working, unchanged", () => {
    expect(verifyActionToken(OLD_RESUME, KEY, NOW)).toEqual({
      v: 1,
      action: "resume",
      cluster:
        "cce/cn-north-4/0a1b2c3d4e5f40718293a4b5c6d7e8f9/5e2d1c3a-cce0-11ef-9a01-0255ac100001",
      upgrade: "7863b770-2b30-4398-aad9-383ba672e983",
      receiver: "ops-slack",
      exp: EXP,
    });
  });
});
