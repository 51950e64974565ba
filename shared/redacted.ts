import { inspect } from "node:util";

export const REDACTED = "[redacted]";

/**
 * A holder of secrets: subclasses keep them in private fields behind getters, so code reads
 * them as usual, while every way an object gets printed (JSON.stringify, util.inspect and so
 * console and loggers, string conversion, spreading, structuredClone) shows `[redacted]` or
 * nothing.
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
