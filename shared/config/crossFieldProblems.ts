import { notifyConfigProblems } from "../notify/config.ts";
import { quietConfigProblems } from "../quiet/quietConfigProblems.ts";
import type { ClusterConfig } from "./clusterConfig.ts";
import { clusterKey } from "./clusterKey.ts";
import type { ConfigProblem } from "./configProblem.ts";
import type { ConfigDocument } from "./configSchema.ts";
import { formatDuration } from "./duration.ts";
import { mergePolicy, type Policy } from "./policy.ts";
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
  problems.push(...rolloutProblems(config.rollouts));
  problems.push(...notifyConfigProblems(config).map(({ path, problem }) => ({ path, problem })));
  problems.push(...quietConfigProblems(config));
  return problems;
}

const RESUME_NEEDS_WINDOW =
  'must list at least one window when onPause is "resume-in-window", since a resume runs only inside a window';

function defaultsProblems(config: ConfigDocument): ConfigProblem[] {
  const { defaults } = config;
  const problems: ConfigProblem[] = [];
  if (defaults.repeat < defaults.pollInterval) {
    problems.push({
      path: "defaults.repeat",
      problem: `must be at least the poll interval (${formatDuration(defaults.pollInterval)}); got ${formatDuration(defaults.repeat)}`,
    });
  }
  const someInheritResume = config.clusters.some((c) => !overridesResume(c));
  if (
    someInheritResume &&
    defaults.onPause === "resume-in-window" &&
    defaults.maintenanceWindows.length === 0
  ) {
    problems.push({ path: "defaults.maintenanceWindows", problem: RESUME_NEEDS_WINDOW });
  }
  return problems;
}

function overridesResume(cluster: ClusterConfig): boolean {
  return (
    cluster.overrides.onPause !== undefined || cluster.overrides.maintenanceWindows !== undefined
  );
}

function clusterProblems(
  config: ConfigDocument,
  cluster: ClusterConfig,
  at: string,
): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const { overrides } = cluster;
  const policy: Policy = mergePolicy(config.defaults, overrides);
  if (cluster.provider === "ack" && cluster.projectId !== undefined) {
    problems.push({ path: `${at}.projectId`, problem: "is not used by provider ack; remove it" });
  }
  if (cluster.provider !== "ack" && cluster.projectId === undefined) {
    problems.push({
      path: `${at}.projectId`,
      problem: `is required for provider ${cluster.provider} (the Huawei Cloud project the cluster is in)`,
    });
  }
  const schedule = config.defaults.pollInterval;
  if (overrides.pollInterval !== undefined && overrides.pollInterval % schedule !== 0) {
    problems.push({
      path: `${at}.overrides.pollInterval`,
      problem: `must be a multiple of defaults.pollInterval (${formatDuration(schedule)}), the schedule's rate; got ${formatDuration(overrides.pollInterval)}`,
    });
  }
  const changesTiming = overrides.pollInterval !== undefined || overrides.repeat !== undefined;
  if (changesTiming && policy.repeat < policy.pollInterval) {
    problems.push({
      path: `${at}.overrides.repeat`,
      problem: `must be at least the cluster's poll interval (${formatDuration(policy.pollInterval)}); got ${formatDuration(policy.repeat)}`,
    });
  }
  if (
    overridesResume(cluster) &&
    policy.onPause === "resume-in-window" &&
    policy.maintenanceWindows.length === 0
  ) {
    problems.push({ path: `${at}.overrides.maintenanceWindows`, problem: RESUME_NEEDS_WINDOW });
  }
  return problems;
}
