import { ProviderError } from "../errors.ts";

/** The gateway's key and signature codes, APIG(W).03xx (API.md); .0308 is throttling. */
const KEY_REFUSAL = /^APIGW?\.03(?!08)\d\d$/;

/**
 * Whether a refused CCE upgrade call (task or workflow) means "the upgrade APIs are not opened
 * for this account" (API.md: they are opened on request), so that ShowCluster should be read
 * instead. No source says how that refusal looks. ASSUMPTION (docs/cloud-apis.md): an HTTP 404
 * (the gateway's "API not found", or CCE's own), or an HTTP 403 that is not the key's own
 * refusal (not an APIG/APIGW 03xx code). Judged on the HTTP status and the code, whatever kind
 * the client gave it. A 401, a key refusal, throttling and 5xx are not: they fail the read as
 * before, so a refused key is never tried again.
 */
export function upgradeApiRefused(error: unknown): error is ProviderError {
  if (!(error instanceof ProviderError) || error.cloud !== "huawei") return false;
  if (error.status === 404) return true;
  return error.status === 403 && !(error.code !== undefined && KEY_REFUSAL.test(error.code));
}
