import type { ConfigProblem } from "./configProblem.ts";
import type { ConfigDocument } from "./configSchema.ts";
import { formatDuration } from "./duration.ts";
import { mergePolicy, type Policy, type PolicyOverrides } from "./policy.ts";

export const RESUME_NEEDS_WINDOW =
  'must list at least one window when onPause is "resume-in-window", since a resume runs only inside a window';

export function overridesResume(owner: { overrides: PolicyOverrides }): boolean {
  return owner.overrides.onPause !== undefined || owner.overrides.maintenanceWindows !== undefined;
}

/**
 * The rules an `overrides` block must keep against `defaults`, wherever it is written (a
 * cluster, or a discovery source whose clusters inherit it): `at` is the block's owner.
 */
export function overridesProblems(
  config: ConfigDocument,
  overrides: PolicyOverrides,
  at: string,
): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const policy: Policy = mergePolicy(config.defaults, overrides);
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
    overridesResume({ overrides }) &&
    policy.onPause === "resume-in-window" &&
    policy.maintenanceWindows.length === 0
  ) {
    problems.push({ path: `${at}.overrides.maintenanceWindows`, problem: RESUME_NEEDS_WINDOW });
  }
  return problems;
}
