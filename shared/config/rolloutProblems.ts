import type { ConfigProblem } from "./configProblem.ts";
import type { Rollout } from "./rollout.ts";

/**
 * What zod cannot see one rollout at a time: names must be unique (they key events and chat
 * approvals), and a wave that selects neither by label nor by percent takes every cluster left,
 * so only the last wave may do that.
 */
export function rolloutProblems(rollouts: readonly Rollout[]): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const names = new Map<string, number>();
  rollouts.forEach((rollout, i) => {
    const at = `rollouts[${i}]`;
    const first = names.get(rollout.name);
    if (first === undefined) names.set(rollout.name, i);
    else problems.push({ path: `${at}.name`, problem: `duplicates rollouts[${first}].name` });
    const waves = new Map<string, number>();
    rollout.waves.forEach((wave, j) => {
      const waveAt = `${at}.waves[${j}]`;
      const firstWave = waves.get(wave.name);
      if (firstWave === undefined) waves.set(wave.name, j);
      else
        problems.push({
          path: `${waveAt}.name`,
          problem: `duplicates ${at}.waves[${firstWave}].name`,
        });
      const takesRest = wave.clusters === undefined && wave.percent === undefined;
      if (takesRest && j < rollout.waves.length - 1) {
        problems.push({
          path: waveAt,
          problem:
            "takes every cluster left (no clusters and no percent), so only the last wave may; add clusters.labels or percent",
        });
      }
    });
  });
  return problems;
}
