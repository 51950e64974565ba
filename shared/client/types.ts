import type { Cloud } from "../model/cluster.ts";

/** One account's key pair, plus an STS / temporary security token where used. */
export interface Credentials {
  ak: string;
  sk: string;
  token?: string | undefined;
}

export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/** A request to a cloud API, before signing. */
export interface ProviderRequest {
  cloud: Cloud;
  /** The operation's name, e.g. `ListUpgradeClusterTasks`; for Alibaba also the `x-acs-action`. */
  operation: string;
  method: HttpMethod;
  /** Scheme, host and optional port, e.g. `https://cce.cn-north-4.myhuaweicloud.com` or `http://127.0.0.1:8443`. */
  endpoint: string;
  /** The path with ids filled in, not yet percent-encoded: the client encodes each segment once. */
  path: string;
  query?: Record<string, string | number | boolean | readonly string[]> | undefined;
  /** Serialized as JSON. Omit for no body. */
  body?: unknown;
  credentials: Credentials;
  /** Huawei: sent and signed as `X-Project-Id`. */
  projectId?: string | undefined;
  /** Alibaba: `x-acs-version`; defaults to `2015-12-15` (ACK). */
  version?: string | undefined;
}

export interface ProviderResponse {
  status: number;
  headers: Record<string, string>;
  /** Parsed JSON, or null for an empty body. */
  body: unknown;
  /** The raw response text (never logged whole). */
  raw: string;
  requestId: string | undefined;
  /** How many HTTP attempts it took. */
  attempts: number;
}
