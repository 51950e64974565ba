import * as z from "zod";
import { ConfigError, DeadlineError, ProviderError, RAW_BODY_LIMIT } from "../errors.ts";
import { ClusterRefSchema } from "./cluster.ts";

/**
 * Every kind of failure the product names, in one list: the signed client sorts a cloud's answer
 * into the first eight, and the poller adds the three that never reached a cloud. What happens to
 * each kind is in `FAILURE_RULES` below.
 *
 * - `auth`: the cloud refused the key itself (401, or a key or signature code).
 * - `permission`: the key works, but lacks a permission on this resource (a per-resource 403:
 *   `CCE.01403001`, `Forbidden.RAM`).
 * - `throttle`, `server`, `network`, `timeout`: the cloud was busy, broken or unreachable.
 * - `client`: any other 4xx: our request was wrong, or the cluster is gone (404).
 * - `parse`: the cloud answered something we could not read (the raw body is kept).
 * - `credentials`: the credential set could not be loaded (Secrets Manager, env); nothing was sent.
 * - `deadline`: the run's deadline came before the cluster was read.
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

export interface FailureRule {
  /** A failed read of this kind is read again, for the same window (Poll Retry Requested). */
  reread: boolean;
  /**
   * The failure belongs to the credential set, not to the cluster: every cluster it left unread
   * shares one Poll Failed (one broken key, one alarm), and that alarm is critical.
   */
  perCredentialSet: boolean;
}

/**
 * What the poller does with each kind, in one table. Re-reading is cheap (a GET, one more
 * minute) and only delays Poll Failed; it is refused where another try cannot change the answer
 * or could do harm.
 *
 * - `auth`: never re-read: Huawei locks a key after five failed authentications in a row. The
 *   first refusal also closes the run's credential gate (`shared/poll/credentialGate.ts`).
 * - `permission`: never re-read: a missing grant does not appear within minutes. The key works,
 *   so the gate stays open for its other clusters, and each cluster is its own alarm.
 * - `credentials`: re-read: a secret store's throttling or hiccup passes; nothing reached the
 *   cloud, so no key can be locked. A secret that stays missing is one alarm per set.
 * - `throttle`, `server`, `network`, `timeout`: re-read: each may pass.
 * - `deadline`: re-read: the cluster was not tried, or not to the end; the next invocation has its
 *   own deadline.
 * - `parse`: re-read: a truncated body or a gateway's page in place of the API's answer passes;
 *   a real change of the API's shape fails every attempt and is reported after them.
 * - `client`: not re-read: the same request gets the same 4xx; the report should come now.
 * - `internal`: not re-read: a bug repeats on the same answer; the report should come now.
 */
export const FAILURE_RULES: Readonly<Record<FailureKind, FailureRule>> = {
  auth: { reread: false, perCredentialSet: true },
  permission: { reread: false, perCredentialSet: false },
  credentials: { reread: true, perCredentialSet: true },
  throttle: { reread: true, perCredentialSet: false },
  server: { reread: true, perCredentialSet: false },
  network: { reread: true, perCredentialSet: false },
  timeout: { reread: true, perCredentialSet: false },
  deadline: { reread: true, perCredentialSet: false },
  parse: { reread: true, perCredentialSet: false },
  client: { reread: false, perCredentialSet: false },
  internal: { reread: false, perCredentialSet: false },
};

/**
 * Why one cluster could not be read, in the one shape the poller, its log line, the CLI and the
 * events share (events carry `FailureReportSchema`, a part of it). Safe to publish and log: the
 * signed client never puts a key, token or signature in an error, and the credential set is
 * named, never shown.
 */
export const FailureSchema = z
  .object({
    cluster: ClusterRefSchema,
    /** The credential set's name, or null where none is known. */
    credentialSet: z.string().nullable(),
    kind: FailureKindSchema,
    /** The cloud API operation, e.g. `ListUpgradeClusterTasks`; null when nothing was sent. */
    operation: z.string().nullable(),
    /** The HTTP status of the last answer; null when there was none. */
    status: z.number().int().nullable(),
    /** The cloud's error code (`APIG.0301`, `Throttling.User`), or null. */
    code: z.string().nullable(),
    /** The cloud's message, or ours where the cloud said nothing. */
    message: z.string(),
    requestId: z.string().nullable(),
    /** The first 2 KB of an answer that could not be read as JSON. */
    rawBody: z.string().max(RAW_BODY_LIMIT).nullable(),
    /** HTTP attempts the signed client made (0: nothing was sent). */
    attempts: z.number().int().min(0),
  })
  .strict();
export type Failure = z.infer<typeof FailureSchema>;

/** The attempt of a run: 1 is the scheduled run, 2 and up are Poll Retry Requested re-reads. */
export const RunAttemptSchema = z.number().int().min(1);

/** What an event tells a person about a failure: no raw body, and the run attempt that failed last. */
export const FailureReportSchema = z
  .object({
    kind: FailureSchema.shape.kind,
    code: FailureSchema.shape.code,
    message: FailureSchema.shape.message,
    attempt: RunAttemptSchema,
    requestId: FailureSchema.shape.requestId,
    credentialSet: FailureSchema.shape.credentialSet,
  })
  .strict();
export type FailureReport = z.infer<typeof FailureReportSchema>;

/** Where a failure happened: the cluster, and the credential set it was read with. */
export interface FailureContext {
  cluster: Failure["cluster"];
  credentialSet: string | null;
}

/** What an error alone decides of a `Failure`: everything but whose it was. */
export type ErrorFailure = Omit<Failure, keyof FailureContext>;

/**
 * Any error, classified once for every caller (a cluster's read, a list call): a `ProviderError`
 * keeps the cloud's words; a `ConfigError` (a credential set that did not load) is `credentials`;
 * a `DeadlineError` is `deadline`; anything else is a bug of ours, `internal`.
 */
export function errorFailure(error: unknown): ErrorFailure {
  if (error instanceof ProviderError) {
    return {
      kind: error.kind,
      operation: error.operation,
      status: error.status ?? null,
      code: error.code ?? null,
      message: error.providerMessage ?? error.message,
      requestId: error.requestId ?? null,
      rawBody: error.rawBody ?? null,
      attempts: error.attempts,
    };
  }
  const base = { operation: null, status: null, code: null, requestId: null, rawBody: null };
  if (error instanceof ConfigError) {
    return { ...base, kind: "credentials", message: error.message, attempts: 0 };
  }
  if (error instanceof DeadlineError) {
    return { ...base, kind: "deadline", message: error.message, attempts: 0 };
  }
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return { ...base, kind: "internal", message, attempts: 0 };
}

/** Any error thrown while reading one cluster, as that cluster's `Failure` (`errorFailure`). */
export const failureFrom = (error: unknown, context: FailureContext): Failure => ({
  ...context,
  ...errorFailure(error),
});
