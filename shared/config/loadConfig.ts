import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { ConfigError } from "../errors.ts";
import { describeAwsError, type S3Like, type SsmLike } from "./awsClients.ts";
import type { Config } from "./configSchema.ts";
import { type ConfigSource, configSourceFromEnv, describeConfigSource } from "./configSource.ts";
import { type ConfigFormat, parseConfig } from "./parseConfig.ts";

export interface LoadConfigOptions {
  env?: NodeJS.ProcessEnv | undefined;
  /** Default: an SSMClient, made on first use. */
  ssm?: SsmLike | undefined;
  /** Default: an S3Client, made on first use. */
  s3?: S3Like | undefined;
}

/**
 * Reads and validates the config from the one source the environment names. The AWS SDK clients
 * (provided by the Lambda runtime) are imported only when their source is chosen, so a function with a bundled file pays nothing for
 * them at cold start.
 */
export async function loadConfig(options: LoadConfigOptions = {}): Promise<Config> {
  const env = options.env ?? process.env;
  const source = configSourceFromEnv(env);
  const label = describeConfigSource(source);
  const { data, format } = await readSource(source, options);
  return parseConfig(data, { format, source: label, env });
}

async function readSource(
  source: ConfigSource,
  options: LoadConfigOptions,
): Promise<{ data: unknown; format: ConfigFormat }> {
  switch (source.kind) {
    case "file":
      return { data: await readConfigFile(source.path), format: formatOf(source.path) };
    case "json":
      return { data: source.text, format: "json" };
    case "ssm":
      return {
        data: await readSsmParameter(source.name, options.ssm),
        format: formatOf(source.name),
      };
    case "s3":
      return {
        data: await readS3Object(source.bucket, source.key, options.s3),
        format: formatOf(source.key),
      };
  }
}

/** `.json` is read as strict JSON; anything else as YAML, which also reads JSON. */
function formatOf(name: string): ConfigFormat {
  return name.toLowerCase().endsWith(".json") ? "json" : "yaml";
}

async function readConfigFile(path: string): Promise<string> {
  try {
    return await readFile(resolve(path), "utf8");
  } catch (error) {
    throw new ConfigError(
      "SHEPHERD_CONFIG_FILE",
      `cannot read ${path}: ${describeAwsError(error)}`,
      {
        cause: error,
      },
    );
  }
}

/** The SDK clients made when none is passed in: one each per process, kept across reloads. */
const defaults: { ssm?: SsmLike; s3?: S3Like } = {};

/** GetParameter with decryption, so a SecureString parameter works too. */
async function readSsmParameter(name: string, client: SsmLike | undefined): Promise<string> {
  const { GetParameterCommand, SSMClient } = await import("@aws-sdk/client-ssm");
  let ssm = client ?? defaults.ssm;
  if (!ssm) {
    ssm = new SSMClient({});
    defaults.ssm = ssm;
  }
  try {
    const output = await ssm.send(new GetParameterCommand({ Name: name, WithDecryption: true }));
    const value = output.Parameter?.Value;
    if (value === undefined) throw new Error("the parameter has no value");
    return value;
  } catch (error) {
    throw new ConfigError(
      "SHEPHERD_CONFIG_SSM_PARAMETER",
      `cannot read SSM parameter ${name}: ${describeAwsError(error)}`,
      { cause: error },
    );
  }
}

/** GetObject; the body is the document's text. */
async function readS3Object(
  bucket: string,
  key: string,
  client: S3Like | undefined,
): Promise<string> {
  const { GetObjectCommand, S3Client } = await import("@aws-sdk/client-s3");
  let s3 = client ?? defaults.s3;
  if (!s3) {
    s3 = new S3Client({});
    defaults.s3 = s3;
  }
  try {
    const output = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    if (!output.Body) throw new Error("the object has no body");
    return await output.Body.transformToString();
  } catch (error) {
    throw new ConfigError(
      "SHEPHERD_CONFIG_S3_URI",
      `cannot read s3://${bucket}/${key}: ${describeAwsError(error)}`,
      { cause: error },
    );
  }
}
