import { SignatureError } from "../errors.ts";
import { canonicalPath, parseQuery, percentEncode, sortPairs } from "./encode.ts";
import { hmacSha256Hex, sha256Hex } from "./hash.ts";
import { hasHeader, parseUrl, payloadHash, setHeader } from "./request.ts";
import type { HuaweiSignOptions, SignableRequest, SignedRequest } from "./types.ts";

export const HUAWEI_ALGORITHM = "SDK-HMAC-SHA256";

/** `20191115T033655Z`: the basic ISO 8601 form the APIG gateway expects in `X-Sdk-Date`. */
export const huaweiDate = (date: Date): string =>
  `${date.toISOString().slice(0, 19).replace(/[-:]/g, "")}Z`;

/**
 * Signs a request the way Huawei's APIG gateway verifies it (SDK-HMAC-SHA256).
 *
 * It departs from the official SDK core where the SDK departs from the published guide:
 * the path is encoded once (the SDK encodes an encoded path again), and the payload hash
 * covers the exact bytes sent (the SDK hashes `JSON.stringify(body)`).
 */
export function signHuawei(request: SignableRequest, options: HuaweiSignOptions): SignedRequest {
  const url = parseUrl(request.url);
  const { credentials, date, projectId } = options;
  if (!credentials.ak || !credentials.sk) {
    throw new SignatureError("Huawei signing needs both an AK and an SK");
  }
  const headers: Record<string, string> = {};
  const callerHeaders = request.headers ?? {};
  if (!hasHeader(callerHeaders, "content-type")) headers["Content-Type"] = "application/json";
  Object.assign(headers, callerHeaders);
  setHeader(headers, "X-Sdk-Date", huaweiDate(date));
  setHeader(headers, "host", url.host);
  if (projectId) setHeader(headers, "X-Project-Id", projectId);
  if (credentials.token) setHeader(headers, "X-Security-Token", credentials.token);

  const names = Object.keys(headers)
    .map((name) => ({ name, lower: name.toLowerCase() }))
    .sort((a, b) => (a.lower < b.lower ? -1 : a.lower > b.lower ? 1 : 0));
  const canonicalHeaders = names.map(({ name, lower }) => `${lower}:${headers[name]}\n`).join("");
  const signedHeaders = names.map(({ lower }) => lower).join(";");

  const path = canonicalPath(url.pathname);
  const canonicalRequest = [
    request.method.toUpperCase(),
    path.endsWith("/") ? path : `${path}/`,
    sortPairs(parseQuery(url.search))
      .map(({ key, value }) => `${percentEncode(key)}=${percentEncode(value)}`)
      .join("&"),
    canonicalHeaders,
    signedHeaders,
    payloadHash(request.body),
  ].join("\n");
  const stringToSign = [HUAWEI_ALGORITHM, headers["X-Sdk-Date"], sha256Hex(canonicalRequest)].join(
    "\n",
  );
  const signature = hmacSha256Hex(credentials.sk, stringToSign);
  const authorization = `${HUAWEI_ALGORITHM} Access=${credentials.ak}, SignedHeaders=${signedHeaders}, Signature=${signature}`;
  return {
    headers: { ...headers, Authorization: authorization },
    canonicalRequest,
    stringToSign,
    signedHeaders,
    authorization,
  };
}
