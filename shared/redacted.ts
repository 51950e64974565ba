import { inspect } from "node:util";

export const REDACTED = "[redacted]";

/**
 * A holder of secrets: subclasses keep them out of sight behind getters, so code reads them as
 * usual, while every way an object gets printed (JSON.stringify, util.inspect and so console and
 * loggers, string conversion, spreading, structuredClone) shows `[redacted]` or nothing.
 */
export abstract class Redacted {
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

/** The values live in a closure, reached only through non-enumerable getters. */
class RedactedRecord extends Redacted {
  constructor(values: Readonly<Record<string, string | undefined>>) {
    super();
    const copy = { ...values };
    for (const key of Object.keys(copy)) {
      Object.defineProperty(this, key, { get: () => copy[key], enumerable: false });
    }
    Object.freeze(this);
  }
}

/**
 * A frozen record of secret strings (credentials, a webhook URL and its signing key) that reads
 * like the plain record and prints as `[redacted]` every way `Redacted` covers. `Object.keys` of
 * it is empty, so spreading or cloning it copies nothing.
 */
export function redacted<T extends Readonly<Record<string, string | undefined>>>(
  values: T,
): Readonly<T> {
  // The getters defined above give the record exactly T's keys and values.
  return new RedactedRecord(values) as unknown as Readonly<T>;
}
