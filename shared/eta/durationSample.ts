import type { Upgrade } from "../model/snapshot.ts";

/** One finished step of a past upgrade, in milliseconds. */
export interface StepSample {
  name: string;
  ms: number;
}

/**
 * What one past successful upgrade says about how long the next one takes: its whole duration
 * (creation to finish) and each step that both started and finished inside it. Failed and
 * cancelled upgrades are not samples: they stopped early, so their durations would pull every
 * estimate down.
 */
export interface DurationSample {
  upgradeId: string;
  /** Epoch ms of the upgrade's creation; newer samples are preferred. */
  startedAt: number;
  totalMs: number;
  steps: StepSample[];
}

const ms = (iso: string | null): number | null => {
  if (iso === null) return null;
  const t = Date.parse(iso);
  return Number.isFinite(t) ? t : null;
};

/**
 * The sample a past upgrade gives, or null when it is not a success or lacks either time. Steps
 * are kept when both their times are known and the step ended no later than the upgrade (a CCE
 * PostCheck run after the upgrade finished is not part of its duration).
 */
export function durationSample(u: Upgrade): DurationSample | null {
  if (u.phase !== "succeeded") return null;
  const start = ms(u.createdAt);
  const end = ms(u.finishedAt);
  if (start === null || end === null || end < start) return null;
  const steps: StepSample[] = [];
  for (const step of u.steps) {
    const s = ms(step.startedAt);
    const f = ms(step.finishedAt);
    if (s === null || f === null || f < s || f > end) continue;
    steps.push({ name: step.name, ms: f - s });
  }
  return { upgradeId: u.id, startedAt: start, totalMs: end - start, steps };
}

/** Every sample the upgrades give, newest first. */
export function durationSamples(upgrades: readonly Upgrade[]): DurationSample[] {
  return upgrades
    .map(durationSample)
    .filter((s): s is DurationSample => s !== null)
    .sort((a, b) => b.startedAt - a.startedAt);
}
