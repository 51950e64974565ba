import * as z from "zod";

/**
 * Every kind of failure the product names, in one list: the signed client sorts a cloud's answer
 * into the first eight, and the poller adds the three that never reached a cloud.
 *
 * - `auth`: the cloud refused the key itself (401, or a key or signature code). Never retried:
 *   Huawei locks a key after five failed authentications in a row. Closes the credential gate.
 * - `permission`: the key works, but lacks a permission on this resource (a per-resource 403:
 *   `CCE.01403001`, `Forbidden.RAM`). Not retried; the gate stays open for the key's other clusters.
 * - `throttle`, `server`, `network`, `timeout`: may pass; retried.
 * - `client`: any other 4xx: our request was wrong.
 * - `parse`: the cloud answered something we could not read (the raw body is kept).
 * - `credentials`: the credential set could not be loaded (Secrets Manager, env); nothing was sent.
 * - `deadline`: the run's deadline came before the cluster was read; re-read by a retry.
 * - `internal`: a bug of ours.
 */
export const FailureKindSchema = z.enum([
  "auth",
  "permission",
  "throttle",
  "server",
  "client",
  "network",
  "timeout",
  "parse",
  "credentials",
  "deadline",
  "internal",
]);
export type FailureKind = z.infer<typeof FailureKindSchema>;

/** The kinds a cloud call itself can fail with (what `ProviderError.kind` holds). */
export type ProviderErrorKind = Exclude<FailureKind, "credentials" | "deadline" | "internal">;
