import { SignatureError } from "../errors.ts";
import { EMPTY_SHA256, sha256Hex } from "./hash.ts";

export const payloadHash = (body: string | Uint8Array | undefined): string =>
  body === undefined || body.length === 0 ? EMPTY_SHA256 : sha256Hex(body);

export const parseUrl = (raw: string): URL => {
  try {
    return new URL(raw);
  } catch (cause) {
    throw new SignatureError(`not an absolute URL: ${JSON.stringify(raw)}`, { cause });
  }
};

export const hasHeader = (headers: Record<string, string>, lowerName: string): boolean =>
  Object.keys(headers).some((name) => name.toLowerCase() === lowerName);

/** Sets a header, replacing any existing one of the same name in another case. */
export const setHeader = (headers: Record<string, string>, name: string, value: string): void => {
  const lower = name.toLowerCase();
  for (const existing of Object.keys(headers)) {
    if (existing.toLowerCase() === lower) delete headers[existing];
  }
  headers[name] = value;
};
