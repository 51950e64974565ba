import { durationSchema, formatDuration, HOUR_MS, MINUTE_MS } from "./duration.ts";

/**
 * The poll schedule is a cron on the interval grid (DESIGN.md, "Windows"), and a cron can only
 * step whole minutes within an hour or whole hours within a day. Any other interval would leave
 * a gap or an overlap between consecutive windows at the top of the hour or at midnight.
 */
export const POLL_INTERVALS_MS: readonly number[] = [
  ...[1, 2, 3, 4, 5, 6, 10, 12, 15, 20, 30].map((m) => m * MINUTE_MS),
  ...[1, 2, 3, 4, 6, 8, 12, 24].map((h) => h * HOUR_MS),
];

export function isValidPollInterval(ms: number): boolean {
  return POLL_INTERVALS_MS.includes(ms);
}

export const pollIntervalSchema = durationSchema().refine(isValidPollInterval, {
  error: (issue) =>
    `must divide an hour or a day evenly, because the schedule is a cron on the interval grid: one of ${POLL_INTERVALS_MS.map(formatDuration).join(", ")}; got ${formatDuration(Number(issue.input))}`,
});
