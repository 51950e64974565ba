import type { ClusterConfig } from "../config/clusterConfig.ts";
import type { ConfigProblem } from "../config/configProblem.ts";
import { formatDuration } from "../config/duration.ts";
import type { ClusterRef } from "../model/cluster.ts";
import { renderMatchers } from "./matchers.ts";
import type { QuietDuringUpgrade } from "./quietConfig.ts";

/** The families `discover` lists, each with its sources. */
const FAMILIES = ["cce", "cce-autopilot", "ack"] as const;

/** A discovery source as the rules read it: its clusters inherit its `overrides`. */
interface SourceView {
  name: string;
  overrides: { pollInterval?: number | undefined; quietDuringUpgrade?: QuietDuringUpgrade | null };
}

/** What the rules read of the config: the defaults', each cluster's and each source's section. */
interface QuietConfigView {
  defaults: { pollInterval: number; quietDuringUpgrade: QuietDuringUpgrade | null };
  clusters: readonly ClusterConfig[];
  discover?: Record<(typeof FAMILIES)[number], readonly SourceView[]> | undefined;
}

/**
 * The quiet rules zod cannot see one field at a time, checked at cold start on each cluster's
 * merged section: target names unique; every matcher template renders for the cluster (each
 * placeholder known, each `{labels.<key>}` a label the cluster has, one `=` matcher with a
 * value); `lapseAfter` longer than the cluster's poll interval, or the silence would lapse
 * between two runs; `maxLength` longer than `lapseAfter` (default two intervals), or no upgrade
 * could be kept quiet past its first silence. A problem is reported at the template's own path (in `defaults` or the
 * cluster's `overrides`), naming the cluster it fails for. A discovery source's section (its
 * own, or the defaults' its clusters inherit) keeps the same rules, but for the matchers: its
 * clusters are not known until a run lists them (a template that fails for one is reported then,
 * as a failed call).
 */
export function quietConfigProblems(config: QuietConfigView): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const d = config.defaults.quietDuringUpgrade;
  if (d) problems.push(...targetNameProblems(d, "defaults.quietDuringUpgrade"));
  config.clusters.forEach((cluster, i) => {
    const own = cluster.overrides.quietDuringUpgrade;
    const quiet = own === undefined ? d : own;
    if (!quiet) return;
    const at =
      own === undefined
        ? "defaults.quietDuringUpgrade"
        : `clusters[${i}].overrides.quietDuringUpgrade`;
    if (own !== undefined && own !== null) problems.push(...targetNameProblems(own, at));
    const who = `clusters[${i}]${cluster.name ? ` (${cluster.name})` : ""}`;
    const ref = refOf(cluster);
    quiet.targets.forEach((target, j) => {
      if (target.type !== "alertmanager") return;
      const rendered = renderMatchers(target.matchers, ref);
      if ("problems" in rendered) {
        for (const p of rendered.problems) {
          problems.push({
            path: `${at}.targets[${j}].matchers${p.index === null ? "" : `[${p.index}]`}`,
            problem: `${p.problem}, for ${who}`,
          });
        }
      }
    });
    const interval = cluster.overrides.pollInterval ?? config.defaults.pollInterval;
    problems.push(...timeProblems(quiet, interval, at, who));
  });
  for (const family of FAMILIES) {
    (config.discover?.[family] ?? []).forEach((source, i) => {
      const own = source.overrides.quietDuringUpgrade;
      const quiet = own === undefined ? d : own;
      if (!quiet) return;
      const path = `discover.${family}[${i}]`;
      const at =
        own === undefined ? "defaults.quietDuringUpgrade" : `${path}.overrides.quietDuringUpgrade`;
      if (own !== undefined && own !== null) problems.push(...targetNameProblems(own, at));
      const interval = source.overrides.pollInterval ?? config.defaults.pollInterval;
      const who = `the clusters of ${path} (${source.name})`;
      problems.push(...timeProblems(quiet, interval, at, who));
    });
  }
  return problems;
}

/**
 * `lapseAfter` longer than the poll interval, and `maxLength` longer than `lapseAfter` (default
 * two intervals), for the clusters `who` names, whose section is at `at`.
 */
function timeProblems(
  quiet: QuietDuringUpgrade,
  interval: number,
  at: string,
  who: string,
): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  if (quiet.lapseAfter !== undefined && quiet.lapseAfter <= interval) {
    problems.push({
      path: `${at}.lapseAfter`,
      problem: `must be longer than the poll interval (${formatDuration(interval)}) of ${who}, or its silence lapses before the next run extends it; got ${formatDuration(quiet.lapseAfter)}`,
    });
  }
  const lapseAfter = quiet.lapseAfter ?? 2 * interval;
  if (quiet.maxLength <= lapseAfter) {
    problems.push({
      path: `${at}.maxLength`,
      problem: `must be longer than lapseAfter (${formatDuration(lapseAfter)}) of ${who}; got ${formatDuration(quiet.maxLength)}`,
    });
  }
  return problems;
}

function targetNameProblems(quiet: QuietDuringUpgrade, at: string): ConfigProblem[] {
  const first = new Map<string, number>();
  const problems: ConfigProblem[] = [];
  quiet.targets.forEach((t, j) => {
    const seen = first.get(t.name);
    if (seen === undefined) first.set(t.name, j);
    else
      problems.push({
        path: `${at}.targets[${j}].name`,
        problem: `duplicates targets[${seen}].name`,
      });
  });
  return problems;
}

function refOf(cluster: ClusterConfig): ClusterRef {
  return {
    provider: cluster.provider,
    region: cluster.region,
    clusterId: cluster.clusterId,
    labels: cluster.labels,
    ...(cluster.projectId !== undefined ? { projectId: cluster.projectId } : {}),
    ...(cluster.name !== undefined ? { name: cluster.name } : {}),
  };
}
