import { type MaintenanceWindow, minutesOfDay, WEEKDAYS } from "./maintenanceWindow.ts";

/** Building a formatter costs far more than using one, and a poll checks every cluster. */
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone,
      weekday: "short",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

const WEEKDAY_INDEX: Record<string, number> = {
  Mon: 0,
  Tue: 1,
  Wed: 2,
  Thu: 3,
  Fri: 4,
  Sat: 5,
  Sun: 6,
};

/** The local weekday (0 = Monday) and minute of the day at `at` in `timeZone`, from the tz database. */
function wallClock(at: Date, timeZone: string): { day: number; minute: number } {
  let day = -1;
  let hour = 0;
  let minute = 0;
  for (const part of formatterFor(timeZone).formatToParts(at)) {
    if (part.type === "weekday") day = WEEKDAY_INDEX[part.value] ?? -1;
    else if (part.type === "hour") hour = Number(part.value);
    else if (part.type === "minute") minute = Number(part.value);
  }
  return { day, minute: hour * 60 + minute };
}

function contains(window: MaintenanceWindow, at: Date): boolean {
  const { day, minute } = wallClock(at, window.timeZone);
  const start = minutesOfDay(window.start);
  const end = minutesOfDay(window.end);
  const startsOn = (d: number) => window.days.includes(WEEKDAYS[(d + 7) % 7] ?? "mon");
  if (start < end) return startsOn(day) && minute >= start && minute < end;
  return (startsOn(day) && minute >= start) || (startsOn(day - 1) && minute < end);
}

/**
 * Whether a resume may run now. Pure, with the instant passed in, because the poller decides on
 * the schedule's time `T`, not on the clock. Windows compare wall-clock time in their own zone,
 * so they follow DST the way the people who set them expect; a window that crosses midnight
 * belongs to the day it starts on. No windows means never.
 */
export function isInMaintenanceWindow(windows: readonly MaintenanceWindow[], at: Date): boolean {
  return windows.some((window) => contains(window, at));
}
