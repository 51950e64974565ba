export { ProviderError, RAW_BODY_LIMIT } from "../errors.ts";
export type { ProviderErrorKind } from "../model/failure.ts";
export type { RetryPolicy } from "../retryPolicy.ts";
export {
  ACK_API_VERSION,
  type AttemptInfo,
  createSignedClient,
  DEFAULT_TIMEOUT_MS,
  type RequestOptions,
  type SignedClient,
  type SignedClientOptions,
} from "./client.ts";
export { DEFAULT_RETRY } from "./retry.ts";
export { createKeepAliveFetch, type FetchLike, type FetchResponse } from "./transport.ts";
export type { Credentials, HttpMethod, ProviderRequest, ProviderResponse } from "./types.ts";
