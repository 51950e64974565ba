import type * as z from "zod";
import { ConfigError } from "../errors.ts";

/** One thing wrong with a config, at a field path like `clusters[3].maintenanceWindows[0].timeZone`. */
export interface ConfigProblem {
  path: string;
  problem: string;
}

const MAX_LISTED = 10;

/**
 * A user fixing a config wants every problem at once, not one per deploy, so the first problem
 * names the error's `path` and the rest are listed in its message.
 */
export function configErrorFrom(
  problems: readonly ConfigProblem[],
  options: { source?: string | undefined; cause?: unknown } = {},
): ConfigError {
  const [first, ...rest] = problems;
  const where = options.source ? ` (in ${options.source})` : "";
  if (!first) return new ConfigError("", `invalid${where}`, { cause: options.cause });
  const listed = rest.slice(0, MAX_LISTED).map((p) => `${p.path || "(top level)"}: ${p.problem}`);
  const unlisted = rest.length - listed.length;
  const more =
    rest.length === 0
      ? ""
      : `; and ${rest.length} more: ${listed.join("; ")}${unlisted > 0 ? `; ... (${unlisted} not shown)` : ""}`;
  return new ConfigError(first.path, `${first.problem}${where}${more}`, { cause: options.cause });
}

/** A key longer than this is shown cut in a path: the path names the field, not its whole key. */
const MAX_KEY_SHOWN = 40;

/**
 * `["clusters", 3, "labels", "app.kubernetes.io/name"]` -> `clusters[3].labels["app.kubernetes.io/name"]`.
 * An over-long key (a label key is free-form) is cut, with its length, so a 300 KB key gives a
 * readable message: `labels["aaaa…" (307200 characters)]`.
 */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const key of path) {
    if (typeof key === "number") out += `[${key}]`;
    else if (typeof key === "string" && key.length > MAX_KEY_SHOWN)
      out += `[${JSON.stringify(key.slice(0, MAX_KEY_SHOWN - 8))}… (${key.length} characters)]`;
    else if (typeof key === "string" && /^[A-Za-z_$][\w$]*$/.test(key))
      out += out ? `.${key}` : key;
    else out += `[${JSON.stringify(String(key))}]`;
  }
  return out;
}

export function problemsFromIssues(issues: readonly z.core.$ZodIssue[]): ConfigProblem[] {
  return issues.map((issue) => {
    const path =
      issue.code === "unrecognized_keys" && issue.keys.length === 1
        ? [...issue.path, issue.keys[0] ?? ""]
        : issue.path;
    return { path: formatPath(path), problem: issue.message };
  });
}

/**
 * Friendlier wording than zod's defaults for the common mistakes. Passed per parse, so it only
 * applies where a schema has not set its own message. Values are shown because a config document
 * holds no secrets (credentials are referenced by name).
 */
export function configIssueMessage(issue: z.core.$ZodRawIssue): string | undefined {
  switch (issue.code) {
    case "invalid_type":
      if (issue.input === undefined) return `is required (expected ${issue.expected})`;
      return `expected ${issue.expected}, got ${describe(issue.input)}`;
    case "invalid_value":
      return `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")}; got ${describe(issue.input)}`;
    case "too_small":
      if (issue.origin === "string" && issue.minimum === 1) return "must not be empty";
      if (issue.origin === "array" && issue.minimum === 1) return "must list at least one entry";
      return undefined;
    case "too_big":
      // The value is not shown: it is too long to be worth showing.
      if (issue.origin === "string") {
        const length = typeof issue.input === "string" ? `; got ${issue.input.length}` : "";
        return `must be at most ${issue.maximum} characters${length}`;
      }
      if (issue.origin === "array") {
        const length = Array.isArray(issue.input) ? `; got ${issue.input.length}` : "";
        return `must list at most ${issue.maximum} entries${length}`;
      }
      return undefined;
    case "invalid_key": {
      const inner = issue.issues[0]?.message;
      return inner ? `has a key that ${inner}` : undefined;
    }
    default:
      return undefined;
  }
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "object") return "an object";
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
