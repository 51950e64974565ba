import { SignatureError } from "../errors.ts";
import { canonicalPath, parseQuery, percentEncode, sortPairs } from "./encode.ts";
import { hmacSha256Hex, sha256Hex } from "./hash.ts";
import { hasHeader, parseUrl, payloadHash, setHeader } from "./request.ts";
import type { AlibabaSignOptions, SignableRequest, SignedRequest } from "./types.ts";

export const ALIBABA_ALGORITHM = "ACS3-HMAC-SHA256";

/** `2023-10-26T09:01:01Z`: ISO 8601 in UTC without milliseconds, as `x-acs-date` wants. */
export const alibabaDate = (date: Date): string => `${date.toISOString().slice(0, 19)}Z`;

const isSigned = (lower: string): boolean =>
  lower.startsWith("x-acs-") || lower === "host" || lower === "content-type";

/**
 * Signs a request with Alibaba Cloud's V3 scheme (ACS3-HMAC-SHA256), as the official
 * cs20151215 SDK does by default, less the optional `x-acs-credentials-provider` header.
 */
export function signAlibaba(request: SignableRequest, options: AlibabaSignOptions): SignedRequest {
  const url = parseUrl(request.url);
  const { credentials, date, nonce, action, version } = options;
  if (!credentials.ak || !credentials.sk) {
    throw new SignatureError("Alibaba signing needs both an AccessKey ID and secret");
  }
  if (!nonce) throw new SignatureError("Alibaba signing needs a nonce");
  const hasBody = request.body !== undefined && request.body.length > 0;
  const headers: Record<string, string> = { ...(request.headers ?? {}) };
  if (hasBody && !hasHeader(headers, "content-type")) {
    headers["content-type"] = "application/json; charset=utf-8";
  }
  setHeader(headers, "host", url.host);
  setHeader(headers, "x-acs-action", action);
  setHeader(headers, "x-acs-version", version);
  setHeader(headers, "x-acs-date", alibabaDate(date));
  setHeader(headers, "x-acs-signature-nonce", nonce);
  setHeader(headers, "x-acs-content-sha256", payloadHash(request.body));
  if (credentials.token) setHeader(headers, "x-acs-security-token", credentials.token);

  const signed = new Map<string, string[]>();
  for (const [name, value] of Object.entries(headers)) {
    const lower = name.toLowerCase();
    if (!isSigned(lower)) continue;
    signed.set(lower, [...(signed.get(lower) ?? []), value.trim()]);
  }
  const names = [...signed.keys()].sort();
  const canonicalHeaders = names
    .map((name) => `${name}:${(signed.get(name) ?? []).sort().join(",")}\n`)
    .join("");
  const signedHeaders = names.join(";");

  const canonicalRequest = [
    request.method.toUpperCase(),
    canonicalPath(url.pathname),
    sortPairs(parseQuery(url.search))
      .map(({ key, value }) => `${key}=${percentEncode(value)}`)
      .join("&"),
    canonicalHeaders,
    signedHeaders,
    headers["x-acs-content-sha256"],
  ].join("\n");
  const stringToSign = `${ALIBABA_ALGORITHM}\n${sha256Hex(canonicalRequest)}`;
  const signature = hmacSha256Hex(credentials.sk, stringToSign);
  const authorization = `${ALIBABA_ALGORITHM} Credential=${credentials.ak},SignedHeaders=${signedHeaders},Signature=${signature}`;
  return {
    headers: { ...headers, Authorization: authorization },
    canonicalRequest,
    stringToSign,
    signedHeaders,
    authorization,
  };
}
