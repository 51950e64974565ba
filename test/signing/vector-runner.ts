import { signAlibaba } from "../../shared/signing/alibaba.ts";
import { buildQuery, encodePath } from "../../shared/signing/encode.ts";
import { sha256Hex } from "../../shared/signing/hash.ts";
import { huaweiDate, signHuawei } from "../../shared/signing/huawei.ts";
import type { SignedRequest } from "../../shared/signing/types.ts";
import { alibabaSdkAuthorization, huaweiSdkAuthorization } from "../helpers/official-signers.ts";
import type { OwnVector } from "./own-vectors.ts";

export const vectorUrl = (v: OwnVector): string => {
  const query = buildQuery(v.query);
  return `${v.origin}${encodePath(`/${v.segments.join("/")}`)}${query ? `?${query}` : ""}`;
};

const vectorBody = (v: OwnVector): string | undefined =>
  v.body === undefined ? undefined : JSON.stringify(v.body);

/** Signs a vector with our signer. */
export function signOurs(v: OwnVector): SignedRequest {
  const credentials = { ak: v.ak, sk: v.sk, token: v.token };
  const request = { method: v.method, url: vectorUrl(v), body: vectorBody(v) };
  const date = new Date(v.date);
  if (v.cloud === "huawei")
    return signHuawei(request, { credentials, date, projectId: v.projectId });
  return signAlibaba(request, {
    credentials,
    date,
    nonce: v.nonce ?? "",
    action: v.action ?? "",
    version: "2015-12-15",
  });
}

/** Signs a vector with the official SDK's signer, from the vector's inputs alone. */
export function signOfficial(v: OwnVector): string {
  const body = vectorBody(v);
  if (v.cloud === "huawei") {
    const headers: Record<string, string> = {
      "Content-Type": "application/json",
      "X-Sdk-Date": huaweiDate(new Date(v.date)),
    };
    if (v.projectId) headers["X-Project-Id"] = v.projectId;
    if (v.token) headers["X-Security-Token"] = v.token;
    return huaweiSdkAuthorization(
      {
        method: v.method,
        endpoint: `${v.origin}/${v.segments.join("/")}`,
        headers,
        queryParams: v.query,
        data: v.body,
      },
      v.ak,
      v.sk,
    );
  }
  const payloadHash = sha256Hex(body ?? "");
  const headers: Record<string, string> = {
    host: new URL(v.origin).host,
    "x-acs-action": v.action ?? "",
    "x-acs-version": "2015-12-15",
    "x-acs-date": `${new Date(v.date).toISOString().slice(0, 19)}Z`,
    "x-acs-signature-nonce": v.nonce ?? "",
    "x-acs-content-sha256": payloadHash,
    accept: "application/json",
    "user-agent": "not-signed/1.0",
  };
  if (body) headers["content-type"] = "application/json; charset=utf-8";
  if (v.token) headers["x-acs-security-token"] = v.token;
  const query: Record<string, string> = {};
  for (const [k, value] of Object.entries(v.query)) {
    query[k] = Array.isArray(value) ? value.join(",") : value;
  }
  return alibabaSdkAuthorization(
    { method: v.method, pathname: encodePath(`/${v.segments.join("/")}`), query, headers },
    payloadHash,
    v.ak,
    v.sk,
  );
}
