import { createHash } from "node:crypto";
import { OpenApiUtil } from "@alicloud/openapi-core";
import type { IncomingSigned } from "./huaweiAuth.ts";
import { safeEqual } from "./huaweiAuth.ts";
import { parseAcsDate } from "./timeFormat.ts";

export type AlibabaAuthResult =
  | { ok: true; ak: string }
  | {
      ok: false;
      ak: string | null;
      reason: "incomplete" | "unknownAk" | "badDate" | "expired" | "badSignature" | "nonceUsed";
    };

const MAX_SKEW_MS = 15 * 60_000;
const AUTH_RE =
  /^ACS3-HMAC-SHA256\s+Credential=([^,\s]+),\s*SignedHeaders=([^,\s]+),\s*Signature=([0-9a-fA-F]+)$/;
/** Headers a V3 signature must cover, or the nonce and date could be swapped freely. */
const REQUIRED_SIGNED = ["host", "x-acs-date", "x-acs-signature-nonce", "x-acs-content-sha256"];

const header = (h: IncomingSigned["headers"], name: string): string | undefined => {
  const v = h[name];
  return Array.isArray(v) ? v.join(",") : v;
};

const decodeQuery = (raw: string): Record<string, string> => {
  const out: Record<string, string> = {};
  for (const pair of raw ? raw.split("&") : []) {
    if (!pair) continue;
    const eq = pair.indexOf("=");
    out[decodeURIComponent(eq < 0 ? pair : pair.slice(0, eq))] =
      eq < 0 ? "" : decodeURIComponent(pair.slice(eq + 1));
  }
  return out;
};

type OpenApiUtilLike = {
  getAuthorization(req: unknown, alg: string, payload: string, ak: string, sk: string): string;
};

/**
 * Recomputes an ACS3-HMAC-SHA256 signature with the official openapi-core code (what the
 * cs20151215 SDK signs with), over the exact body bytes received.
 */
export function alibabaExpectedSignature(
  req: IncomingSigned,
  signedHeaders: string[],
  sk: string,
): string {
  const headers: Record<string, string> = {};
  for (const name of signedHeaders) headers[name] = header(req.headers, name) ?? "";
  const auth = (OpenApiUtil as unknown as OpenApiUtilLike).getAuthorization(
    { method: req.method, pathname: req.rawPath, query: decodeQuery(req.rawQuery), headers },
    "ACS3-HMAC-SHA256",
    createHash("sha256").update(req.body).digest("hex"),
    "",
    sk,
  );
  return /Signature=([0-9a-f]+)$/.exec(auth)?.[1] ?? "";
}

/** Verifies Alibaba V3 signatures, the 15-minute date window, and single-use nonces. */
export class AlibabaAuthenticator {
  /** nonce -> when it stops mattering (its date is outside the window by then). */
  private readonly nonces = new Map<string, number>();
  private lastPrune = 0;

  constructor(
    private readonly secrets: ReadonlyMap<string, string>,
    private readonly now: () => number,
  ) {}

  verify(req: IncomingSigned): AlibabaAuthResult {
    const auth = header(req.headers, "authorization");
    const m = auth ? AUTH_RE.exec(auth.trim()) : null;
    if (!m) return { ok: false, ak: null, reason: "incomplete" };
    const [, ak, signedList, signature] = m as unknown as [string, string, string, string];
    const sk = this.secrets.get(ak);
    if (sk === undefined) return { ok: false, ak, reason: "unknownAk" };
    const signedHeaders = signedList.toLowerCase().split(";");
    if (!REQUIRED_SIGNED.every((h) => signedHeaders.includes(h))) {
      return { ok: false, ak, reason: "incomplete" };
    }
    const now = this.now();
    const date = parseAcsDate(header(req.headers, "x-acs-date") ?? "");
    if (Number.isNaN(date)) return { ok: false, ak, reason: "badDate" };
    if (Math.abs(now - date) > MAX_SKEW_MS) return { ok: false, ak, reason: "expired" };
    let expected: string;
    try {
      expected = alibabaExpectedSignature(req, signedHeaders, sk);
    } catch {
      expected = "";
    }
    if (!safeEqual(expected, signature.toLowerCase()))
      return { ok: false, ak, reason: "badSignature" };
    const nonce = header(req.headers, "x-acs-signature-nonce") ?? "";
    this.prune(now);
    const key = `${ak}\n${nonce}`;
    if (this.nonces.has(key)) return { ok: false, ak, reason: "nonceUsed" };
    this.nonces.set(key, date + MAX_SKEW_MS);
    return { ok: true, ak };
  }

  private prune(now: number): void {
    if (now - this.lastPrune < 60_000) return;
    this.lastPrune = now;
    for (const [key, expires] of this.nonces) if (expires < now) this.nonces.delete(key);
  }
}
