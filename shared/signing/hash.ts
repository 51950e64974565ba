import { createHash, createHmac } from "node:crypto";

export const sha256Hex = (data: string | Uint8Array): string =>
  createHash("sha256").update(data).digest("hex");

export const hmacSha256Hex = (key: string, data: string): string =>
  createHmac("sha256", key).update(data).digest("hex");

/** Hex sha256 of the empty string: the payload hash of a request without a body. */
export const EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
