import { ConfigError } from "../errors.ts";

/**
 * The variables that say where the config document is, in order of scale: a file bundled with
 * the function, inline JSON (Lambda's environment holds 4 KB in all), an SSM parameter (4 KB, or
 * 8 KB advanced), an S3 object (any size). Exactly one must be set.
 */
export const CONFIG_SOURCE_VARIABLES = [
  "SHEPHERD_CONFIG_FILE",
  "SHEPHERD_CONFIG_JSON",
  "SHEPHERD_CONFIG_SSM_PARAMETER",
  "SHEPHERD_CONFIG_S3_URI",
] as const;

export type ConfigSource =
  | { kind: "file"; path: string }
  | { kind: "json"; text: string }
  | { kind: "ssm"; name: string }
  | { kind: "s3"; bucket: string; key: string };

/** An empty variable counts as unset, as a shell's `VAR=` usually means "off". */
export function envValue(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const value = env[name];
  return value === undefined || value.trim() === "" ? undefined : value;
}

export function configSourceFromEnv(env: NodeJS.ProcessEnv): ConfigSource {
  const set = CONFIG_SOURCE_VARIABLES.filter((name) => envValue(env, name) !== undefined);
  if (set.length !== 1) {
    throw new ConfigError(
      "",
      set.length === 0
        ? `no config source: set one of ${CONFIG_SOURCE_VARIABLES.join(", ")}`
        : `more than one config source is set (${set.join(", ")}); set exactly one`,
    );
  }
  const [name] = set;
  const value = envValue(env, name ?? "") ?? "";
  switch (name) {
    case "SHEPHERD_CONFIG_FILE":
      return { kind: "file", path: value };
    case "SHEPHERD_CONFIG_JSON":
      return { kind: "json", text: value };
    case "SHEPHERD_CONFIG_SSM_PARAMETER":
      return { kind: "ssm", name: value };
    default:
      return parseS3Uri(value);
  }
}

function parseS3Uri(uri: string): ConfigSource {
  const match = /^s3:\/\/([^/]+)\/(.+)$/.exec(uri.trim());
  if (!match?.[1] || !match[2]) {
    throw new ConfigError(
      "SHEPHERD_CONFIG_S3_URI",
      `must look like s3://bucket/path/to/config.yaml; got ${JSON.stringify(uri)}`,
    );
  }
  return { kind: "s3", bucket: match[1], key: match[2] };
}

/** A source's name for messages. Inline JSON is named by its variable, not its content. */
export function describeConfigSource(source: ConfigSource): string {
  switch (source.kind) {
    case "file":
      return source.path;
    case "json":
      return "SHEPHERD_CONFIG_JSON";
    case "ssm":
      return `SSM parameter ${source.name}`;
    case "s3":
      return `s3://${source.bucket}/${source.key}`;
  }
}
