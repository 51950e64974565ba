import { readFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { readYaml } from "../../../shared/config/readYaml.ts";
import { ScenarioError } from "./errors.ts";
import { type Scenario, ScenarioSchema } from "./scenarioSchema.ts";

const SCENARIO_DIR = join(dirname(fileURLToPath(import.meta.url)), "..", "scenarios");

/** Validates a scenario object, failing with the first bad field's path. */
export function parseScenario(input: unknown): Scenario {
  const result = ScenarioSchema.safeParse(input);
  if (!result.success) {
    const issue = result.error.issues[0];
    const path = issue ? issue.path.map(String).join(".") : "";
    throw new ScenarioError(path, issue?.message ?? "invalid", { cause: result.error });
  }
  const ids = new Set<string>();
  for (const [i, c] of result.data.clusters.entries()) {
    if (ids.has(c.clusterId)) throw new ScenarioError(`clusters.${i}.clusterId`, "duplicate id");
    ids.add(c.clusterId);
  }
  return result.data;
}

/** Reads `demo` (or any name in infra/local/scenarios) or a JSON/YAML file path. */
export async function loadScenario(nameOrPath: string): Promise<Scenario> {
  const path = /[/\\.]/.test(nameOrPath) ? nameOrPath : join(SCENARIO_DIR, `${nameOrPath}.yaml`);
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (cause) {
    throw new ScenarioError("", `cannot read ${path}`, { cause });
  }
  let data: unknown;
  try {
    data = path.endsWith(".json") ? JSON.parse(text) : readYaml(text);
  } catch (cause) {
    throw new ScenarioError(
      "",
      `${path} is not valid ${path.endsWith(".json") ? "JSON" : "YAML"}`,
      {
        cause,
      },
    );
  }
  return parseScenario(data);
}
