import { createHash, timingSafeEqual } from "node:crypto";
import { AKSKSigner } from "@huaweicloud/huaweicloud-sdk-core/auth/AKSKSigner.js";
import { parseSdkDate } from "./timeFormat.ts";

/** What the gateway concluded about a request's credentials. */
export type HuaweiAuthResult =
  | { ok: true; ak: string }
  | {
      ok: false;
      ak: string | null;
      reason: "noAuth" | "unknownAk" | "expired" | "badSignature" | "locked";
    };

export interface IncomingSigned {
  method: string;
  /** The path as sent, percent-encoded once. */
  rawPath: string;
  rawQuery: string;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

const MAX_SKEW_MS = 15 * 60_000;
/** APIG locks a key pair after more than five failed authentications in a row, for 5 minutes. */
export const HUAWEI_LOCK_AFTER = 5;
export const HUAWEI_LOCK_MS = 5 * 60_000;

const AUTH_RE =
  /^SDK-HMAC-SHA256\s+Access=([^,\s]+),\s*SignedHeaders=([^,\s]+),\s*Signature=([0-9a-fA-F]+)$/;

/**
 * The official SDK core's signer, with one override: the payload hash covers the exact bytes
 * received, as the gateway does (the SDK hashes `JSON.stringify(data)`). Everything else, from
 * the canonical URI to the HMAC, is the SDK's own code, independent of `shared/signing`.
 */
class GatewaySigner extends AKSKSigner {
  protected static override buildPayloadHash(request: unknown): string {
    return (request as { bodyHash: string }).bodyHash;
  }
}

const header = (h: IncomingSigned["headers"], name: string): string | undefined => {
  const v = h[name];
  return Array.isArray(v) ? v.join(",") : v;
};

const decodeQuery = (raw: string): Record<string, string | string[]> => {
  const out: Record<string, string | string[]> = {};
  if (!raw) return out;
  for (const pair of raw.split("&")) {
    if (!pair) continue;
    const eq = pair.indexOf("=");
    const k = decodeURIComponent(eq < 0 ? pair : pair.slice(0, eq));
    const v = eq < 0 ? "" : decodeURIComponent(pair.slice(eq + 1));
    const prev = out[k];
    out[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  return out;
};

/** Recomputes a request's SDK-HMAC-SHA256 signature with the given secret, through the SDK. */
export function huaweiExpectedSignature(
  req: IncomingSigned,
  signedHeaders: string[],
  sk: string,
): string {
  const headers: Record<string, string> = {};
  for (const name of signedHeaders) {
    const value = header(req.headers, name) ?? "";
    headers[name === "x-sdk-date" ? "X-Sdk-Date" : name] = value;
  }
  const decodedPath = req.rawPath
    .split("/")
    .map((segment) => decodeURIComponent(segment))
    .join("/");
  const signed = GatewaySigner.sign(
    {
      method: req.method,
      endpoint: `http://${header(req.headers, "host") ?? "localhost"}${decodedPath}`,
      headers,
      queryParams: decodeQuery(req.rawQuery),
      bodyHash: createHash("sha256").update(req.body).digest("hex"),
    } as never,
    { getAk: () => "", getSk: () => sk } as never,
  ) as { Authorization: string };
  return /Signature=([0-9a-f]+)$/.exec(signed.Authorization)?.[1] ?? "";
}

/**
 * Verifies Huawei APIG AK/SK requests the way the gateway does, including the lock after
 * repeated failures, so a client that retries auth errors is caught in tests.
 */
export class HuaweiAuthenticator {
  private readonly failures = new Map<string, { count: number; lockedUntil: number }>();

  constructor(
    private readonly secrets: ReadonlyMap<string, string>,
    private readonly now: () => number,
  ) {}

  verify(req: IncomingSigned): HuaweiAuthResult {
    const auth = header(req.headers, "authorization");
    const m = auth ? AUTH_RE.exec(auth.trim()) : null;
    if (!m) return { ok: false, ak: null, reason: "noAuth" };
    const [, ak, signedList, signature] = m as unknown as [string, string, string, string];
    const sk = this.secrets.get(ak);
    if (sk === undefined) return { ok: false, ak, reason: "unknownAk" };
    const now = this.now();
    const record = this.failures.get(ak);
    if (record && record.lockedUntil > now) return { ok: false, ak, reason: "locked" };
    const signedHeaders = signedList.toLowerCase().split(";");
    const date = parseSdkDate(header(req.headers, "x-sdk-date") ?? "");
    let reason: "expired" | "badSignature" | null = null;
    if (!signedHeaders.includes("x-sdk-date") || Number.isNaN(date)) reason = "badSignature";
    else if (Math.abs(now - date) > MAX_SKEW_MS) reason = "expired";
    else {
      let expected: string;
      try {
        expected = huaweiExpectedSignature(req, signedHeaders, sk);
      } catch {
        expected = "";
      }
      if (!safeEqual(expected, signature.toLowerCase())) reason = "badSignature";
    }
    if (reason === null) {
      this.failures.delete(ak);
      return { ok: true, ak };
    }
    const count =
      (record && record.lockedUntil <= now && record.lockedUntil > 0 ? 0 : (record?.count ?? 0)) +
      1;
    this.failures.set(ak, {
      count,
      lockedUntil: count > HUAWEI_LOCK_AFTER ? now + HUAWEI_LOCK_MS : 0,
    });
    return { ok: false, ak, reason };
  }

  /** Whether `ak` is locked now (for tests and the CLI's diagnostics). */
  isLocked(ak: string): boolean {
    return (this.failures.get(ak)?.lockedUntil ?? 0) > this.now();
  }
}

export const safeEqual = (a: string, b: string): boolean => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};
