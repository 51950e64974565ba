import type { Cloud, Provider } from "./model/cluster.ts";
import type { ProviderErrorKind } from "./model/failure.ts";

/**
 * Every error class of `shared/`, in this one file: one base class and a subclass per kind of
 * failure, each with `cause`. (The command line's are in `cli/errors.ts`, the simulator's in
 * `infra/local/simulator/errors.ts`.) Messages and `toJSON()` never carry secrets: callers pass
 * only what is safe to show.
 */
export class ShepherdError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }

  toJSON(): Record<string, unknown> {
    return { name: this.name, message: this.message };
  }
}

/** Bad configuration, found at cold start. `path` names the field, like `clusters[3].region`. */
export class ConfigError extends ShepherdError {
  readonly path: string;
  constructor(path: string, problem: string, options?: { cause?: unknown }) {
    super(path ? `config ${path}: ${problem}` : `config: ${problem}`, options);
    this.path = path;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), path: this.path };
  }
}

/** A request could not be signed (bad input to a signer). */
export class SignatureError extends ShepherdError {}

/** A webhook delivery failed. */
export class DeliveryError extends ShepherdError {
  readonly receiver: string;
  readonly status: number | undefined;
  readonly retryable: boolean;
  constructor(
    receiver: string,
    message: string,
    opts: { status?: number; retryable: boolean; cause?: unknown },
  ) {
    super(`delivery to ${receiver} failed: ${message}`, { cause: opts.cause });
    this.receiver = receiver;
    this.status = opts.status;
    this.retryable = opts.retryable;
  }

  override toJSON(): Record<string, unknown> {
    return {
      ...super.toJSON(),
      receiver: this.receiver,
      status: this.status,
      retryable: this.retryable,
    };
  }
}

/**
 * The run's deadline came first: a request not started, or cut short, so that the invocation
 * can still publish what it read before Lambda stops it.
 */
export class DeadlineError extends ShepherdError {
  /** The deadline the run was given, in ms from its start. */
  readonly afterMs: number;
  constructor(afterMs: number) {
    super(`not read before the run's deadline (${afterMs} ms)`);
    this.afterMs = afterMs;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), afterMs: this.afterMs };
  }
}

/** The first 2 KB of a body we could not use, kept for the alert and the log. */
export const RAW_BODY_LIMIT = 2048;

export interface ProviderErrorFields {
  cloud: Cloud;
  operation: string;
  kind: ProviderErrorKind;
  status?: number | undefined;
  code?: string | undefined;
  providerMessage?: string | undefined;
  requestId?: string | undefined;
  rawBody?: string | undefined;
  attempts?: number | undefined;
  cause?: unknown;
}

/** A cloud API call failed. Carries only what is safe to log: never a key, token or signature. */
export class ProviderError extends ShepherdError {
  readonly cloud: Cloud;
  readonly operation: string;
  readonly kind: ProviderErrorKind;
  readonly status: number | undefined;
  readonly code: string | undefined;
  readonly providerMessage: string | undefined;
  readonly requestId: string | undefined;
  readonly rawBody: string | undefined;
  readonly attempts: number;

  constructor(fields: ProviderErrorFields) {
    super(describe(fields), { cause: fields.cause });
    this.cloud = fields.cloud;
    this.operation = fields.operation;
    this.kind = fields.kind;
    this.status = fields.status;
    this.code = fields.code;
    this.providerMessage = fields.providerMessage;
    this.requestId = fields.requestId;
    this.rawBody = fields.rawBody?.slice(0, RAW_BODY_LIMIT);
    this.attempts = fields.attempts ?? 1;
  }

  /** A copy with the attempt count filled in, once the retry loop knows it. */
  withAttempts(attempts: number): ProviderError {
    return new ProviderError({ ...this.fields(), attempts, cause: this.cause });
  }

  override toJSON(): Record<string, unknown> {
    return { name: this.name, message: this.message, ...this.fields() };
  }

  private fields(): ProviderErrorFields {
    return {
      cloud: this.cloud,
      operation: this.operation,
      kind: this.kind,
      status: this.status,
      code: this.code,
      providerMessage: this.providerMessage,
      requestId: this.requestId,
      rawBody: this.rawBody,
      attempts: this.attempts,
    };
  }
}

function describe(f: ProviderErrorFields): string {
  const parts = [`${f.cloud} ${f.operation} failed (${f.kind})`];
  if (f.status !== undefined) parts.push(`HTTP ${f.status}`);
  if (f.code) parts.push(f.code);
  if (f.providerMessage) parts.push(f.providerMessage);
  if (f.requestId) parts.push(`request ${f.requestId}`);
  return parts.join(": ");
}

/** Some entries could not be published after every retry. */
export class PublishError extends ShepherdError {
  constructor(
    readonly failed: { detailType: string | undefined; errorCode: string | undefined }[],
    readonly published: number,
  ) {
    super(
      `${failed.length} event(s) not published after retries (${[...new Set(failed.map((f) => f.errorCode))].join(", ")}); ${published} published`,
    );
  }
}

/** A provider timestamp in no form a source shows (`shared/providers/time.ts`). */
export class TimestampError extends ShepherdError {
  constructor(readonly value: string) {
    super(`unreadable timestamp ${JSON.stringify(value.slice(0, 64))}`);
  }
}

/**
 * The provider documents no API for this action (CCE Autopilot has no continue). Thrown before
 * any request, so no call is invented for it.
 */
export class UnsupportedActionError extends ShepherdError {
  readonly provider: Provider;
  readonly action: string;
  constructor(provider: Provider, action: string) {
    super(`${provider} has no documented API to ${action} an upgrade`);
    this.provider = provider;
    this.action = action;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), provider: this.provider, action: this.action };
  }
}

/** The handler passed an action a cluster other than the one its due event names: a wiring bug. */
export class ActionInputError extends ShepherdError {}

/**
 * Why a call to a silence target failed, in one word: `auth` (401: never retried, the secret is
 * wrong), `permission` (403), `not-found` (404), `client` (other 4xx), `server` (5xx), `network`
 * (no answer), `timeout`, `deadline` (the run's time was up), `url-policy` (the SSRF guard
 * refused the host), `parse` (an answer that is not the documented shape), `secret` (the secret
 * could not be read).
 */
export type TargetFailureKind =
  | "auth"
  | "permission"
  | "not-found"
  | "client"
  | "server"
  | "network"
  | "timeout"
  | "deadline"
  | "url-policy"
  | "parse"
  | "secret";

/** A call to an Alertmanager or PagerDuty failed. Its message names no URL, token or password. */
export class SilenceTargetError extends ShepherdError {
  readonly target: string;
  readonly operation: string;
  readonly kind: TargetFailureKind;
  readonly status: number | undefined;
  constructor(
    target: string,
    operation: string,
    kind: TargetFailureKind,
    detail: string,
    options: { status?: number; cause?: unknown } = {},
  ) {
    super(`${operation} on silence target ${target} failed (${kind}): ${detail}`, {
      cause: options.cause,
    });
    this.target = target;
    this.operation = operation;
    this.kind = kind;
    this.status = options.status;
  }

  override toJSON(): Record<string, unknown> {
    return {
      ...super.toJSON(),
      target: this.target,
      operation: this.operation,
      kind: this.kind,
      status: this.status,
    };
  }
}
