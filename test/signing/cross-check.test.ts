import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { signHuawei } from "../../shared/signing/huawei.ts";
import pinned from "../fixtures/signing/vectors.json" with { type: "json" };
import { huaweiSdkCanonicalUri } from "../helpers/official-signers.ts";
import { ownVectors } from "./own-vectors.ts";
import { signOfficial, signOurs, vectorUrl } from "./vector-runner.ts";

const credentials = { ak: "HPUAEXAMPLEAK0000001", sk: "hwExampleSecretKey0123456789abcdefghijklm" };
const date = new Date("2026-11-22T08:15:30Z");

describe("own vectors, cross-checked against the official SDK signers", () => {
  it("has one pinned result per vector", () => {
    expect(pinned.map((p) => p.name)).toEqual(ownVectors.map((v) => v.name));
  });

  for (const vector of ownVectors) {
    const expected = pinned.find((p) => p.name === vector.name);
    it(`signs ${vector.name}`, () => {
      expect(vectorUrl(vector)).toBe(expected?.url);
      expect(signOurs(vector).authorization).toBe(expected?.authorization);
      expect(signOfficial(vector)).toBe(expected?.authorization);
    });
  }
});

describe("where the official Huawei SDK departs from the guide", () => {
  it("encodes a path segment once, where the SDK encodes the encoded path again", () => {
    const signed = signHuawei(
      { method: "GET", url: "https://cce.example.com/v3/clusters/a%20b:c" },
      { credentials, date },
    );
    expect(signed.canonicalRequest.split("\n")[1]).toBe("/v3/clusters/a%20b%3Ac/");
    expect(huaweiSdkCanonicalUri("/v3/clusters/a%20b:c")).toBe("/v3/clusters/a%2520b%3Ac/");
  });

  it("hashes the exact body bytes sent, where the SDK hashes JSON.stringify(body)", () => {
    const body = '{"status": {"phase": "Cancel"}}';
    const signed = signHuawei(
      { method: "PATCH", url: "https://cce.example.com/v3/x", body },
      { credentials, date },
    );
    expect(signed.canonicalRequest.split("\n").at(-1)).toBe(sha256(body));
    expect(sha256(body)).not.toBe(sha256(JSON.stringify(JSON.parse(body))));
  });

  it("signs the Host as sent: an explicit default port is dropped, another port kept", () => {
    const sign = (url: string) =>
      signHuawei({ method: "GET", url }, { credentials, date }).canonicalRequest;
    expect(sign("https://cce.example.com:443/v3")).toContain("\nhost:cce.example.com\n");
    expect(sign("https://cce.example.com:8443/v3")).toContain("\nhost:cce.example.com:8443\n");
  });

  it("signs a byte body and the same string body identically", () => {
    const text = '{"k":"集群"}';
    const asText = signHuawei(
      { method: "POST", url: "https://cce.example.com/v3/x", body: text },
      { credentials, date },
    );
    const asBytes = signHuawei(
      { method: "POST", url: "https://cce.example.com/v3/x", body: new TextEncoder().encode(text) },
      { credentials, date },
    );
    expect(asBytes.authorization).toBe(asText.authorization);
  });
});

function sha256(s: string): string {
  return createHash("sha256").update(s).digest("hex");
}
