import { type ConfigProblem, formatPath } from "./configProblem.ts";
import type { ConfigDocument } from "./configSchema.ts";
import { overridesProblems } from "./overridesProblems.ts";

const FAMILIES = ["cce", "cce-autopilot", "ack"] as const;

/**
 * The discovery rules that span fields: source names are unique across families (events and
 * the CLI name a source by it), a source lists each region (Huawei: project) once, and a source's `overrides`
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
      // A region has one ACK listing per account; a Huawei region can hold several projects
      // (IAM sub-projects), each listed on its own.
      const places =
        "projects" in source
          ? source.projects.map((p) => ({
              key: `${p.region}/${p.projectId}`,
              what: `project ${p.projectId} of ${p.region}`,
            }))
          : source.regions.map((r) => ({ key: r, what: `region ${r}` }));
      const listField = "projects" in source ? "projects" : "regions";
      const seen = new Set<string>();
      places.forEach((place, j) => {
        if (seen.has(place.key)) {
          problems.push({
            path: `${path}.${listField}[${j}]`,
            problem: `lists ${place.what} twice; a source lists each once`,
          });
        }
        seen.add(place.key);
      });
      problems.push(...overridesProblems(config, source.overrides, path));
    });
  }
  return problems;
}
