import * as z from "zod";
import { MAX_CHARS } from "./bounds.ts";
import { strictObject } from "./strictObject.ts";

export const WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;
export const WeekdaySchema = z.enum(WEEKDAYS);
export type Weekday = z.infer<typeof WeekdaySchema>;

/** IANA names only: offsets like `+08:00` are accepted by some ICU versions and not others. */
const TIME_ZONE_PATTERN = /^(?:UTC|[A-Za-z][A-Za-z0-9_+-]*(?:\/[A-Za-z0-9_+-]+)*)$/;

export function isValidTimeZone(timeZone: string): boolean {
  if (!TIME_ZONE_PATTERN.test(timeZone)) return false;
  try {
    new Intl.DateTimeFormat("en-US", { timeZone });
    return true;
  } catch {
    return false;
  }
}

export const TimeZoneSchema = z
  .string()
  .max(MAX_CHARS.word, { abort: true })
  .regex(TIME_ZONE_PATTERN, { error: 'must be an IANA time zone name like "Asia/Shanghai"' })
  .refine(isValidTimeZone, {
    error: (issue) =>
      `is not a time zone this runtime knows: ${JSON.stringify(issue.input)} (use an IANA name like "Asia/Shanghai" or "UTC")`,
  });

const TIME_PATTERN = /^(?:[01]\d|2[0-3]):[0-5]\d$/;
const END_TIME_PATTERN = /^(?:(?:[01]\d|2[0-3]):[0-5]\d|24:00)$/;

/** `"HH:MM"` to minutes after local midnight; `"24:00"` is 1440. */
export function minutesOfDay(time: string): number {
  const [hours, minutes] = time.split(":").map(Number);
  return (hours ?? 0) * 60 + (minutes ?? 0);
}

/**
 * A weekly wall-clock window in one time zone. `days` are the days the window *starts* on, so
 * `{ days: ["sat"], start: "22:00", end: "02:00" }` runs from Saturday 22:00 to Sunday 02:00.
 * Times are wall-clock: in a DST gap the skipped local times do not occur, and in a DST overlap
 * the repeated local times occur twice.
 */
export const MaintenanceWindowSchema = strictObject({
  timeZone: TimeZoneSchema.describe('IANA time zone the times are in, e.g. "Asia/Shanghai".'),
  days: z
    .array(WeekdaySchema)
    .min(1)
    .refine((days) => new Set(days).size === days.length, { error: "lists a day twice" })
    .describe("Days the window starts on."),
  start: z
    .string()
    .regex(TIME_PATTERN, { error: 'must be a time "HH:MM" from "00:00" to "23:59"' })
    .describe('Local start time, "HH:MM" (24-hour), inclusive.'),
  end: z
    .string()
    .regex(END_TIME_PATTERN, { error: 'must be a time "HH:MM" from "00:00" to "24:00"' })
    .describe(
      'Local end time, "HH:MM", exclusive. Before start means the window crosses midnight; "24:00" is the end of the day.',
    ),
}).superRefine((window, ctx) => {
  if (minutesOfDay(window.start) === minutesOfDay(window.end)) {
    ctx.addIssue({
      code: "custom",
      path: ["end"],
      message: `equals start, so the window would be empty; for a whole day use start "00:00" and end "24:00"`,
    });
  }
});
export type MaintenanceWindow = z.infer<typeof MaintenanceWindowSchema>;
