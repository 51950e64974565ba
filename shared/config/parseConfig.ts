import { ConfigError } from "../errors.ts";
import { configErrorFrom, configIssueMessage, problemsFromIssues } from "./configProblem.ts";
import { type Config, ConfigSchema, DEFAULT_BUS_NAME } from "./configSchema.ts";
import { crossFieldProblems } from "./crossFieldProblems.ts";
import { readYaml, yamlErrorLine } from "./readYaml.ts";

export type ConfigFormat = "yaml" | "json";

export interface ParseConfigOptions {
  /** How to read a string. YAML (the default) also reads JSON; `json` reads strict JSON only. */
  format?: ConfigFormat | undefined;
  /** Where the document came from, named in errors, e.g. `s3://bucket/config.yaml`. */
  source?: string | undefined;
  /** For the default bus name (`SHEPHERD_BUS_NAME`). */
  env?: NodeJS.ProcessEnv | undefined;
}

/**
 * Turns a config document (text, or an already parsed object) into a
 * `Config`, or throws one ConfigError that names the field path of the first problem and lists
 * the rest, so a bad config fails at cold start with everything that needs fixing.
 */
export function parseConfig(input: unknown, options: ParseConfigOptions = {}): Config {
  const { source, env = process.env } = options;
  const data =
    typeof input === "string" ? parseText(input, options.format ?? "yaml", source) : input;
  const result = ConfigSchema.safeParse(data, { error: configIssueMessage });
  if (!result.success) {
    throw configErrorFrom(problemsFromIssues(result.error.issues), { source, cause: result.error });
  }
  const problems = crossFieldProblems(result.data);
  if (problems.length > 0) throw configErrorFrom(problems, { source });
  return { ...result.data, bus: result.data.bus ?? env.SHEPHERD_BUS_NAME ?? DEFAULT_BUS_NAME };
}

function parseText(text: string, format: "yaml" | "json", source: string | undefined): unknown {
  const where = source ? ` (in ${source})` : "";
  if (format === "json") {
    try {
      return JSON.parse(text);
    } catch (error) {
      throw new ConfigError("", `is not valid JSON${where}: ${(error as Error).message}`, {
        cause: error,
      });
    }
  }
  try {
    return readYaml(text);
  } catch (error) {
    throw new ConfigError("", `is not valid YAML${where}: ${yamlErrorLine(error)}`, {
      cause: error,
    });
  }
}
