import * as z from "zod";

const UNITS = [
  ["d", 86_400_000],
  ["h", 3_600_000],
  ["m", 60_000],
  ["s", 1_000],
] as const;

/** `90s`, `5m`, `1h30m`, `1d`: units in falling order, each at most once, whole numbers. */
export const DURATION_PATTERN = /^(?=\d)(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/;

export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

/** Milliseconds, or undefined when the value is not a duration. A number counts seconds. */
export function parseDuration(value: string | number): number | undefined {
  if (typeof value === "number") {
    return Number.isFinite(value) && value >= 0 ? Math.round(value * 1000) : undefined;
  }
  const match = DURATION_PATTERN.exec(value);
  if (!match) return undefined;
  return UNITS.reduce((ms, [, unitMs], i) => ms + Number(match[i + 1] ?? 0) * unitMs, 0);
}

/** The inverse of parseDuration, so that messages speak the units the user wrote. */
export function formatDuration(ms: number): string {
  if (ms === 0) return "0s";
  let rest = ms;
  let out = "";
  for (const [unit, unitMs] of UNITS) {
    const count = Math.floor(rest / unitMs);
    if (count > 0) out += `${count}${unit}`;
    rest -= count * unitMs;
  }
  return rest > 0 ? `${out}${rest}ms` : out;
}

const DURATION_HINT = 'a duration like "90s", "5m", "1h30m", or a number of seconds';

/**
 * Config durations are written for people (`"5m"`) and read by code as milliseconds. Bounds are
 * checked here, after conversion, so the message can say `at least 1m` rather than `>= 60000`.
 */
export function durationSchema(bounds: { min?: number; max?: number } = {}) {
  return z
    .union(
      [
        z.string().regex(DURATION_PATTERN, { error: `must be ${DURATION_HINT}` }),
        z.number().min(0, { error: "must not be negative" }),
      ],
      {
        error: (issue) => (issue.code === "invalid_union" ? `must be ${DURATION_HINT}` : undefined),
      },
    )
    .transform((value, ctx) => {
      const ms = parseDuration(value);
      if (ms === undefined) {
        ctx.addIssue({ code: "custom", message: `must be ${DURATION_HINT}`, input: value });
        return z.NEVER;
      }
      if (bounds.min !== undefined && ms < bounds.min) {
        ctx.addIssue({ code: "custom", message: `must be at least ${formatDuration(bounds.min)}` });
        return z.NEVER;
      }
      if (bounds.max !== undefined && ms > bounds.max) {
        ctx.addIssue({ code: "custom", message: `must be at most ${formatDuration(bounds.max)}` });
        return z.NEVER;
      }
      return ms;
    });
}
