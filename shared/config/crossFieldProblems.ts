import { clusterKey } from "../model/clusterIdentity.ts";
import { notifyConfigProblems } from "../notify/config.ts";
import { quietConfigProblems } from "../quiet/quietConfigProblems.ts";
import type { ClusterConfig } from "./clusterConfig.ts";
import type { ConfigProblem } from "./configProblem.ts";
import type { ConfigDocument } from "./configSchema.ts";
import { discoverProblems } from "./discoverProblems.ts";
import { formatDuration } from "./duration.ts";
import { overridesProblems, overridesResume, RESUME_NEEDS_WINDOW } from "./overridesProblems.ts";
import { rolloutProblems } from "./rolloutProblems.ts";

/**
 * The rules zod cannot see one field at a time: they span fields, clusters, or a cluster and
 * the defaults. They are checked on the merged policy, the one later code acts on. A problem
 * inherited from `defaults` by many clusters is reported once, at `defaults`.
 */
export function crossFieldProblems(config: ConfigDocument): ConfigProblem[] {
  const problems = defaultsProblems(config);
  const seen = new Map<string, number>();
  config.clusters.forEach((cluster, i) => {
    const at = `clusters[${i}]`;
    problems.push(...clusterProblems(config, cluster, at));
    const key = clusterKey(cluster);
    const first = seen.get(key);
    if (first === undefined) seen.set(key, i);
    else {
      problems.push({
        path: `${at}.clusterId`,
        problem: `duplicates clusters[${first}] (same provider, region, project and clusterId: ${key})`,
      });
    }
  });
  problems.push(...discoverProblems(config));
  problems.push(...rolloutProblems(config.rollouts));
  problems.push(...notifyConfigProblems(config).map(({ path, problem }) => ({ path, problem })));
  problems.push(...quietConfigProblems(config));
  return problems;
}

function defaultsProblems(config: ConfigDocument): ConfigProblem[] {
  const { defaults } = config;
  const problems: ConfigProblem[] = [];
  if (defaults.repeat < defaults.pollInterval) {
    problems.push({
      path: "defaults.repeat",
      problem: `must be at least the poll interval (${formatDuration(defaults.pollInterval)}); got ${formatDuration(defaults.repeat)}`,
    });
  }
  const someInheritResume = [...config.clusters, ...discoverSources(config)].some(
    (c) => !overridesResume(c),
  );
  if (
    someInheritResume &&
    defaults.onPause === "resume-in-window" &&
    defaults.maintenanceWindows.length === 0
  ) {
    problems.push({ path: "defaults.maintenanceWindows", problem: RESUME_NEEDS_WINDOW });
  }
  return problems;
}

const discoverSources = (config: ConfigDocument) => [
  ...config.discover.cce,
  ...config.discover["cce-autopilot"],
  ...config.discover.ack,
];

function clusterProblems(
  config: ConfigDocument,
  cluster: ClusterConfig,
  at: string,
): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  if (cluster.provider === "ack" && cluster.projectId !== undefined) {
    problems.push({ path: `${at}.projectId`, problem: "is not used by provider ack; remove it" });
  }
  if (cluster.provider !== "ack" && cluster.projectId === undefined) {
    problems.push({
      path: `${at}.projectId`,
      problem: `is required for provider ${cluster.provider} (the Huawei Cloud project the cluster is in)`,
    });
  }
  problems.push(...overridesProblems(config, cluster.overrides, at));
  return problems;
}
