import { type ConfigProblem, formatPath } from "./configProblem.ts";
import type { ConfigDocument } from "./configSchema.ts";
import { overridesProblems } from "./overridesProblems.ts";

const FAMILIES = ["cce", "cce-autopilot", "ack"] as const;

/**
 * The discovery rules that span fields: source names are unique across families (events and
 * the CLI name a source by it), a source lists each region once, and a source's `overrides`
 * keep the same rules as a cluster's, since its clusters inherit them.
 */
export function discoverProblems(config: ConfigDocument): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const names = new Map<string, string>();
  for (const family of FAMILIES) {
    config.discover[family].forEach((source, i) => {
      const path = formatPath(["discover", family, i]);
      const first = names.get(source.name);
      if (first !== undefined) {
        problems.push({ path: `${path}.name`, problem: `duplicates ${first}.name` });
      } else names.set(source.name, path);
      const regions = "projects" in source ? source.projects.map((p) => p.region) : source.regions;
      const listField = "projects" in source ? "projects" : "regions";
      const seen = new Set<string>();
      regions.forEach((region, j) => {
        if (seen.has(region)) {
          problems.push({
            path: `${path}.${listField}[${j}]`,
            problem: `lists region ${region} twice; a source lists each region once`,
          });
        }
        seen.add(region);
      });
      problems.push(...overridesProblems(config, source.overrides, path));
    });
  }
  return problems;
}
