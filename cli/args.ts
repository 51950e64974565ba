import { type ParseArgsConfig, parseArgs } from "node:util";
import { UsageError } from "./errors.ts";

type Options = NonNullable<ParseArgsConfig["options"]>;
type Values<O extends Options> = ReturnType<
  typeof parseArgs<{ options: O; strict: true }>
>["values"];

/** An option or command name as typed: shown in messages. Anything else may be a secret. */
export const looksLikeAName = (token: string): boolean =>
  /^-{0,2}[A-Za-z][A-Za-z-]{0,39}$/.test(token);

/**
 * `node:util` parseArgs, with errors that never quote an argument. Node's own messages do
 * (`Unexpected argument '<value>'`, and `--sk`'s value when it starts with a dash), and a
 * misplaced argument is often the secret the command was given. A value that starts with a dash
 * is taken as the value of the option before it, which is what `--sk -abc` means.
 *
 * Throws `UsageError` for a positional argument, an unknown option, a missing value, or a value
 * given to a boolean option.
 */
export function parseCommandArgs<const O extends Options>(args: string[], options: O): Values<O> {
  const { tokens, values } = parseArgs({
    args,
    options,
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  let previous: string | undefined;
  for (const token of tokens) {
    const position = `argument ${token.index + 1}`;
    if (token.kind === "positional") {
      const after = previous ? `, after ${previous}` : "";
      throw new UsageError(
        `unexpected ${position}${after} (not shown, in case it is a secret): each value follows its option, as in --ak AK`,
      );
    }
    if (token.kind !== "option") continue;
    const spec = options[token.name];
    if (!spec) {
      throw new UsageError(
        looksLikeAName(token.rawName)
          ? `unknown option ${token.rawName}`
          : `unknown option at ${position} (not shown, in case it is a secret)`,
      );
    }
    if (spec.type === "string" && token.value === undefined) {
      throw new UsageError(`option --${token.name} needs a value`);
    }
    if (spec.type === "boolean" && token.value !== undefined) {
      throw new UsageError(`option --${token.name} takes no value`);
    }
    previous = spec.type === "string" ? `--${token.name}'s value` : `--${token.name}`;
  }
  return values as Values<O>;
}

/** A whole number of at least `min`, from an option's text. */
export function wholeNumber(name: string, value: string | undefined, min = 0): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) {
    throw new UsageError(`--${name} must be a whole number of at least ${min}`);
  }
  return n;
}
