import { ShepherdError } from "../errors.ts";
import type { Cloud } from "../model/cluster.ts";
import type { ProviderErrorKind } from "../model/failure.ts";

/** Why a provider call failed: one of the kinds in `shared/model/failure.ts`. */
export type { ProviderErrorKind };

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
