import { ShepherdError } from "../shared/errors.ts";

/**
 * The command line's error classes, in this one file (those of `shared/` are in
 * `shared/errors.ts`). Each command maps them to an exit code (`exitCodes.ts`).
 */

/** A command was called wrongly: the message says what to change, and never echoes a value. */
export class UsageError extends ShepherdError {}

/** The events were read and decided, but did not all reach the bus. */
export class PublishFailedError extends ShepherdError {}
