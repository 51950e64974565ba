/**
 * One base class and a subclass per kind of failure, each with `cause`.
 * Messages and `toJSON()` never carry secrets: callers pass only what is safe to show.
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
