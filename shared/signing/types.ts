import type { Credentials } from "../client/types.ts";

/** What a signer needs to know about a request: exactly what will go on the wire. */
export interface SignableRequest {
  method: string;
  /** The full URL as it will be sent, query included. */
  url: string;
  /** Extra headers present at signing time. Huawei signs all of them; Alibaba signs host, content-type and x-acs-*. */
  headers?: Record<string, string> | undefined;
  /** The exact body bytes sent. */
  body?: string | Uint8Array | undefined;
}

/** Everything a signer produced: the headers to send, and the intermediate strings for debugging. */
export interface SignedRequest {
  /** Every header to send, the caller's included, with `Authorization` last. */
  headers: Record<string, string>;
  canonicalRequest: string;
  stringToSign: string;
  signedHeaders: string;
  authorization: string;
}

export interface HuaweiSignOptions {
  credentials: Credentials;
  date: Date;
  projectId?: string | undefined;
}

export interface AlibabaSignOptions {
  credentials: Credentials;
  date: Date;
  /** Unique per request; the gateway rejects a reused nonce. */
  nonce: string;
  /** The operation name, sent as `x-acs-action`. */
  action: string;
  /** The API version, sent as `x-acs-version`. */
  version: string;
}
