import { REDACTED } from "../shared/redacted.ts";

/** Options whose value is a secret in some command: `sign --sk/--token`, `sink --secret`. */
const SECRET_OPTIONS = ["sk", "token", "secret"];
/** Options whose value may be a key pair, `AK:SK` (`simulate --credentials`); in `sign` it is a set name. */
const PAIR_OPTIONS = ["credentials"];

/**
 * Variables that hold a secret, or JSON with secrets in it: credential sets and receivers
 * (`SHEPHERD_CREDENTIALS_<NAME>`, `SHEPHERD_RECEIVER_<NAME>`, their `_SK`, `_URL`... forms) and
 * AWS's own. The prefix variables only name where secrets are kept, and stay readable.
 */
const SECRET_VARIABLE =
  /^(SHEPHERD_CREDENTIALS_(?!SECRET_PREFIX$)|SHEPHERD_RECEIVER_(?!SECRET_PREFIX$)|AWS_SECRET_ACCESS_KEY$|AWS_SESSION_TOKEN$)/;

/** Fields of a JSON secret that are not secret: an access key id names a key, and helps. */
const PUBLIC_FIELDS = new Set(["ak"]);

/** Shorter values would blot out ordinary words; no key, token or webhook URL is this short. */
const MIN_SECRET = 6;
/** A quoted fragment of a secret this long is redacted too (JSON parsers quote a window). */
const FRAGMENT = 8;

/** The values of the secret options in `args`, in both `--sk VALUE` and `--sk=VALUE` forms. */
export function secretsInArgs(args: readonly string[]): string[] {
  const valuesOf = (names: readonly string[]) =>
    args.flatMap((arg, i) =>
      names.flatMap((name) => {
        if (arg === `--${name}`) return [args[i + 1] ?? ""];
        return arg.startsWith(`--${name}=`) ? [arg.slice(name.length + 3)] : [];
      }),
    );
  const pairs = valuesOf(PAIR_OPTIONS).filter((v) => v.includes(":"));
  return [...valuesOf(SECRET_OPTIONS), ...pairs, ...pairs.map((p) => p.slice(p.indexOf(":") + 1))];
}

/** The secret values in an environment, JSON ones field by field. */
export function secretsInEnv(env: NodeJS.ProcessEnv): string[] {
  return Object.entries(env).flatMap(([name, value]) =>
    value !== undefined && SECRET_VARIABLE.test(name) ? [value, ...secretsInJson(value)] : [],
  );
}

/** Every string in a JSON text or value, but for public fields (`ak`). */
export function secretsInJson(input: unknown): string[] {
  let value = input;
  if (typeof input === "string") {
    try {
      value = JSON.parse(input);
    } catch {
      return [];
    }
  }
  const found: string[] = [];
  const walk = (v: unknown, key: string | undefined): void => {
    if (typeof v === "string" && !(key && PUBLIC_FIELDS.has(key))) found.push(v);
    else if (Array.isArray(v)) for (const item of v) walk(item, key);
    else if (v && typeof v === "object") for (const [k, item] of Object.entries(v)) walk(item, k);
  };
  walk(value, undefined);
  return found;
}

/**
 * A function that replaces each secret, and any quoted fragment of one at least 8 characters
 * long, with `[redacted]`. Errors from parsers and libraries quote their input, and a misplaced
 * argument may be the secret itself: what a command prints about an error passes through this.
 */
export function redactor(secrets: readonly string[]): (text: string) => string {
  const whole = [...new Set(secrets.filter((s) => s.length >= MIN_SECRET))].sort(
    (a, b) => b.length - a.length,
  );
  const fragments = new Set<string>();
  for (const s of whole) {
    for (let i = 0; i + FRAGMENT <= s.length; i++) fragments.add(s.slice(i, i + FRAGMENT));
  }
  if (whole.length === 0) return (text) => text;
  return (text) => {
    const hidden = new Uint8Array(text.length);
    const hide = (from: number, length: number) => hidden.fill(1, from, from + length);
    for (const s of whole) {
      for (let i = text.indexOf(s); i !== -1; i = text.indexOf(s, i + 1)) hide(i, s.length);
    }
    for (let i = 0; i + FRAGMENT <= text.length; i++) {
      if (fragments.has(text.slice(i, i + FRAGMENT))) hide(i, FRAGMENT);
    }
    let out = "";
    for (let i = 0; i < text.length; i++) {
      if (!hidden[i]) out += text[i];
      else if (i === 0 || !hidden[i - 1]) out += REDACTED;
    }
    return out;
  };
}

/**
 * JSON.parse's error as a line and column, without the window of input V8 quotes
 * (`Unexpected token 'x', "{"sk": "..." is not valid JSON`): that window may hold a secret.
 */
export function describeJsonError(error: unknown, text: string): string {
  const message = error instanceof Error ? error.message : String(error);
  const what = (message.split(/, "|\n/)[0] ?? message).replace(/ in JSON at position \d+.*$/, "");
  const at = /at position (\d+)/.exec(message);
  if (!at) return `not valid JSON: ${what}`;
  const before = text.slice(0, Number(at[1]));
  const line = before.split("\n").length;
  const column = before.length - before.lastIndexOf("\n");
  return `not valid JSON at line ${line}, column ${column}: ${what}`;
}
