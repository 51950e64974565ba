import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { ConfigError } from "../errors.ts";
import type { Config } from "./configSchema.ts";
import { type ConfigSource, configSourceFromEnv, describeConfigSource } from "./configSource.ts";
import { type AwsSdkClient, awsClientClass, describeError, fetchWithMiddy } from "./middyFetch.ts";
import { type ConfigFormat, parseConfig } from "./parseConfig.ts";

export interface LoadConfigOptions {
  env?: NodeJS.ProcessEnv | undefined;
  /** Used through @middy/ssm. Default: middy's own SSMClient. */
  ssm?: AwsSdkClient | undefined;
  /** Default: a new S3Client. */
  s3?: AwsSdkClient | undefined;
}

/**
 * Reads and validates the config from the one source the environment names. The AWS clients are
 * imported only when their source is chosen, so a function with a bundled file pays nothing for
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
    throw new ConfigError("SHEPHERD_CONFIG_FILE", `cannot read ${path}: ${describeError(error)}`, {
      cause: error,
    });
  }
}

/** Through @middy/ssm, with decryption, so a SecureString parameter works too. */
async function readSsmParameter(name: string, client: AwsSdkClient | undefined): Promise<unknown> {
  const { default: ssm } = await import("@middy/ssm");
  const middleware = ssm({
    fetchData: { config: name },
    cacheKey: "upgrade-shepherd-config",
    cacheExpiry: 0,
    disablePrefetch: true,
    ...(client ? { AwsClient: awsClientClass(client) as never } : {}),
  });
  const result = (await fetchWithMiddy(middleware, ["config"])).get("config");
  if (result?.status !== "fulfilled" || result.value === undefined) {
    const reason = result?.status === "rejected" ? describeError(result.reason) : "no value";
    throw new ConfigError(
      "SHEPHERD_CONFIG_SSM_PARAMETER",
      `cannot read SSM parameter ${name}: ${reason}`,
      { cause: result?.status === "rejected" ? result.reason : undefined },
    );
  }
  return result.value;
}

async function readS3Object(
  bucket: string,
  key: string,
  client: AwsSdkClient | undefined,
): Promise<string> {
  const { GetObjectCommand, S3Client } = await import("@aws-sdk/client-s3");
  const s3 = client ?? new S3Client({});
  try {
    const output = (await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }) as never)) as {
      Body?: { transformToString(): Promise<string> };
    };
    if (!output.Body) throw new Error("the object has no body");
    return await output.Body.transformToString();
  } catch (error) {
    throw new ConfigError(
      "SHEPHERD_CONFIG_S3_URI",
      `cannot read s3://${bucket}/${key}: ${describeError(error)}`,
      { cause: error },
    );
  }
}
