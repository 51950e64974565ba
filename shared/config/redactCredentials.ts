import { inspect } from "node:util";
import type { Credentials } from "../client/types.ts";

export const REDACTED = "[redacted]";

/**
 * Keys live in private fields behind getters, so the signer reads them as usual while every way
 * an object gets printed (JSON.stringify, util.inspect and so console and loggers, string
 * conversion, spreading, structuredClone) shows `[redacted]` or nothing.
 */
class RedactedCredentials implements Credentials {
  readonly #ak: string;
  readonly #sk: string;
  readonly #token: string | undefined;

  constructor(credentials: Credentials) {
    this.#ak = credentials.ak;
    this.#sk = credentials.sk;
    this.#token = credentials.token;
    Object.freeze(this);
  }

  get ak(): string {
    return this.#ak;
  }

  get sk(): string {
    return this.#sk;
  }

  get token(): string | undefined {
    return this.#token;
  }

  toJSON(): string {
    return REDACTED;
  }

  toString(): string {
    return REDACTED;
  }

  [Symbol.toPrimitive](): string {
    return REDACTED;
  }

  [inspect.custom](): string {
    return REDACTED;
  }
}

export function redactCredentials(credentials: Credentials): Credentials {
  return new RedactedCredentials(credentials);
}
