import { ConfigError } from "../errors.ts";

/** The environment variable naming the status page's bucket (serverless.yml sets it). */
export const STATUS_BUCKET_VARIABLE = "SHEPHERD_STATUS_BUCKET";

/** S3's bucket naming rules, the ones a typo breaks: 3-63 of a-z, 0-9, `.` and `-`, alphanumeric ends. */
const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/**
 * The bucket poll-status writes the status page to, or null when none is set (the page is then
 * not written; locally `npm start` serves it instead). Checked at cold start: a malformed name
 * fails there, naming the variable (never echoing more than the name's length).
 */
export function statusBucketFrom(env: NodeJS.ProcessEnv = process.env): string | null {
  const value = env[STATUS_BUCKET_VARIABLE];
  if (value === undefined || value === "") return null;
  if (!BUCKET.test(value) || value.includes("..")) {
    throw new ConfigError(
      STATUS_BUCKET_VARIABLE,
      `is not an S3 bucket name (3 to 63 lowercase letters, digits, dots and hyphens; ${value.length} characters given)`,
    );
  }
  return value;
}

/** The local stack's stand-in for the bucket: a directory the runner serves the page from. */
export const STATUS_DIR_VARIABLE = "SHEPHERD_STATUS_DIR";

/** The directory poll-status writes the page to under the local stack, or null. */
export function statusDirFrom(env: NodeJS.ProcessEnv = process.env): string | null {
  const value = env[STATUS_DIR_VARIABLE];
  return value === undefined || value === "" ? null : value;
}
