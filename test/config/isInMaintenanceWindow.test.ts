import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isInMaintenanceWindow } from "../../shared/config/isInMaintenanceWindow.ts";
import {
  type MaintenanceWindow,
  MaintenanceWindowSchema,
  WEEKDAYS,
  type Weekday,
} from "../../shared/config/maintenanceWindow.ts";

const at = (iso: string) => new Date(iso);
const hhmm = (minutes: number) =>
  `${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;

/** Every minute of a UTC day, to count how long a window is open across a DST change. */
function minutesInWindow(windows: MaintenanceWindow[], fromIso: string, hours: number): number {
  const from = Date.parse(fromIso);
  let count = 0;
  for (let m = 0; m < hours * 60; m++) {
    if (isInMaintenanceWindow(windows, new Date(from + m * 60_000))) count++;
  }
  return count;
}

describe("isInMaintenanceWindow: fixed cases", () => {
  const shanghaiNights: MaintenanceWindow = {
    timeZone: "Asia/Shanghai",
    days: ["mon"],
    start: "22:00",
    end: "02:00",
  };

  it("is never open without windows", () => {
    expect(isInMaintenanceWindow([], at("2024-06-03T15:00:00Z"))).toBe(false);
  });

  it("opens at start and closes at end (start inclusive, end exclusive), in the window's zone", () => {
    const window: MaintenanceWindow = {
      timeZone: "Asia/Shanghai",
      days: ["tue"],
      start: "01:00",
      end: "05:00",
    };
    // Tuesday 2024-06-04 in Shanghai (UTC+8).
    expect(isInMaintenanceWindow([window], at("2024-06-03T16:59:59Z"))).toBe(false);
    expect(isInMaintenanceWindow([window], at("2024-06-03T17:00:00Z"))).toBe(true);
    expect(isInMaintenanceWindow([window], at("2024-06-03T20:59:59Z"))).toBe(true);
    expect(isInMaintenanceWindow([window], at("2024-06-03T21:00:00Z"))).toBe(false);
  });

  it("runs a midnight-crossing window from its start day into the next", () => {
    // Monday 2024-06-03 22:30 and Tuesday 01:30 in Shanghai.
    expect(isInMaintenanceWindow([shanghaiNights], at("2024-06-03T14:30:00Z"))).toBe(true);
    expect(isInMaintenanceWindow([shanghaiNights], at("2024-06-03T17:30:00Z"))).toBe(true);
    // Tuesday 02:00 (closed), Monday 01:30 (belongs to Sunday's night, which is not listed),
    // Tuesday 22:30 (Tuesday is not a start day).
    expect(isInMaintenanceWindow([shanghaiNights], at("2024-06-03T18:00:00Z"))).toBe(false);
    expect(isInMaintenanceWindow([shanghaiNights], at("2024-06-02T17:30:00Z"))).toBe(false);
    expect(isInMaintenanceWindow([shanghaiNights], at("2024-06-04T14:30:00Z"))).toBe(false);
  });

  it("wraps a Sunday night into Monday morning", () => {
    const sunday: MaintenanceWindow = {
      timeZone: "UTC",
      days: ["sun"],
      start: "23:00",
      end: "01:00",
    };
    expect(isInMaintenanceWindow([sunday], at("2024-06-03T00:30:00Z"))).toBe(true);
    expect(isInMaintenanceWindow([sunday], at("2024-06-04T00:30:00Z"))).toBe(false);
  });

  it("treats 24:00 as the end of the day", () => {
    const wholeSaturday: MaintenanceWindow = {
      timeZone: "UTC",
      days: ["sat"],
      start: "00:00",
      end: "24:00",
    };
    expect(isInMaintenanceWindow([wholeSaturday], at("2024-06-01T23:59:59Z"))).toBe(true);
    expect(isInMaintenanceWindow([wholeSaturday], at("2024-06-02T00:00:00Z"))).toBe(false);
  });

  it("handles half-hour offsets", () => {
    const kolkata: MaintenanceWindow = {
      timeZone: "Asia/Kolkata",
      days: ["wed"],
      start: "02:00",
      end: "03:00",
    };
    // Wednesday 2024-06-05 02:00 IST is 2024-06-04T20:30Z.
    expect(isInMaintenanceWindow([kolkata], at("2024-06-04T20:29:00Z"))).toBe(false);
    expect(isInMaintenanceWindow([kolkata], at("2024-06-04T20:30:00Z"))).toBe(true);
  });

  describe("daylight saving time (America/New_York, 2024)", () => {
    const ny = (start: string, end: string): MaintenanceWindow => ({
      timeZone: "America/New_York",
      days: ["sun"],
      start,
      end,
    });

    it("follows the local clock across spring-forward: 01:30 EST to 03:30 EDT is one hour", () => {
      // 2024-03-10: 02:00 EST jumps to 03:00 EDT (07:00Z).
      const window = ny("01:30", "03:30");
      expect(isInMaintenanceWindow([window], at("2024-03-10T06:29:00Z"))).toBe(false);
      expect(isInMaintenanceWindow([window], at("2024-03-10T06:30:00Z"))).toBe(true);
      expect(isInMaintenanceWindow([window], at("2024-03-10T07:29:00Z"))).toBe(true);
      expect(isInMaintenanceWindow([window], at("2024-03-10T07:30:00Z"))).toBe(false);
      expect(minutesInWindow([window], "2024-03-10T00:00:00Z", 24)).toBe(60);
    });

    it("never opens a window that lies wholly in the skipped hour", () => {
      expect(minutesInWindow([ny("02:00", "02:30")], "2024-03-10T00:00:00Z", 24)).toBe(0);
    });

    it("opens twice for a window in the repeated hour at fall-back", () => {
      // 2024-11-03: 02:00 EDT falls back to 01:00 EST (06:00Z); 01:00-02:00 happens twice.
      const window = ny("01:00", "02:00");
      expect(isInMaintenanceWindow([window], at("2024-11-03T05:30:00Z"))).toBe(true);
      expect(isInMaintenanceWindow([window], at("2024-11-03T06:30:00Z"))).toBe(true);
      expect(minutesInWindow([window], "2024-11-03T00:00:00Z", 24)).toBe(120);
    });

    it("keeps a midnight-crossing window on the right days across the change", () => {
      // Saturday 2024-03-09 23:00 EST to Sunday 03:00 EDT: 3 real hours.
      const window: MaintenanceWindow = {
        timeZone: "America/New_York",
        days: ["sat"],
        start: "23:00",
        end: "03:00",
      };
      expect(minutesInWindow([window], "2024-03-09T12:00:00Z", 24)).toBe(180);
    });
  });

  it("follows Europe/Berlin's change on a different date than New York's", () => {
    // 2024-03-31 02:00 CET -> 03:00 CEST; on 2024-03-10 Berlin is still UTC+1.
    const window: MaintenanceWindow = {
      timeZone: "Europe/Berlin",
      days: ["sun"],
      start: "04:00",
      end: "05:00",
    };
    expect(isInMaintenanceWindow([window], at("2024-03-10T03:30:00Z"))).toBe(true);
    expect(isInMaintenanceWindow([window], at("2024-03-31T02:30:00Z"))).toBe(true);
    expect(isInMaintenanceWindow([window], at("2024-03-31T03:30:00Z"))).toBe(false);
  });
});

const timeArb = fc.integer({ min: 0, max: 1439 });
const daysArb = fc.uniqueArray(fc.constantFrom(...WEEKDAYS), { minLength: 1, maxLength: 7 });
const instantArb = fc
  .integer({ min: Date.parse("1995-01-01T00:00:00Z"), max: Date.parse("2060-01-01T00:00:00Z") })
  .map((ms) => new Date(ms));
const windowIn = (zones: string[]) =>
  fc
    .record({
      timeZone: fc.constantFrom(...zones),
      days: daysArb,
      start: timeArb,
      end: fc.integer({ min: 0, max: 1440 }),
    })
    .filter((w) => w.start !== w.end)
    .map(
      (w): MaintenanceWindow => ({
        timeZone: w.timeZone,
        days: w.days,
        start: hhmm(w.start),
        end: hhmm(w.end),
      }),
    );

/** Fixed-offset zones (no DST in the sampled years), with their offset in minutes. */
const FIXED_ZONES: Record<string, number> = {
  UTC: 0,
  "Etc/GMT-8": 480,
  "Asia/Shanghai": 480,
  "Asia/Kolkata": 330,
  "Asia/Kathmandu": 345,
  "Etc/GMT+10": -600,
};
const DST_ZONES = ["America/New_York", "Europe/Berlin", "Australia/Sydney", "America/Santiago"];

/**
 * An independent model: a window is a set of intervals on a week of minutes (Monday 00:00 = 0),
 * and an instant is in it when its local minute-of-week, or that plus one week, falls inside.
 */
function oracle(window: MaintenanceWindow, instant: Date, offsetMinutes: number): boolean {
  const local = new Date(instant.getTime() + offsetMinutes * 60_000);
  const minuteOfWeek =
    ((local.getUTCDay() + 6) % 7) * 1440 + local.getUTCHours() * 60 + local.getUTCMinutes();
  const toMinutes = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3));
  const start = toMinutes(window.start);
  const end = toMinutes(window.end);
  return window.days.some((day: Weekday) => {
    const from = WEEKDAYS.indexOf(day) * 1440 + start;
    const to = from - start + (end > start ? end : end + 1440);
    return [minuteOfWeek, minuteOfWeek + 7 * 1440].some((m) => m >= from && m < to);
  });
}

describe("isInMaintenanceWindow: properties", () => {
  it("agrees with a minute-of-week model in fixed-offset zones", () => {
    fc.assert(
      fc.property(windowIn(Object.keys(FIXED_ZONES)), instantArb, (window, instant) => {
        const expected = oracle(window, instant, FIXED_ZONES[window.timeZone] ?? 0);
        expect(isInMaintenanceWindow([window], instant)).toBe(expected);
      }),
      { numRuns: 2000 },
    );
  });

  it("splits every instant between [start, end) and [end, start) on every day, DST zones included", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...DST_ZONES, ...Object.keys(FIXED_ZONES)),
        timeArb,
        timeArb,
        instantArb,
        (timeZone, a, b, instant) => {
          fc.pre(a !== b);
          const every = [...WEEKDAYS];
          const first = { timeZone, days: every, start: hhmm(a), end: hhmm(b) };
          const second = { timeZone, days: every, start: hhmm(b), end: hhmm(a) };
          expect(isInMaintenanceWindow([first], instant)).not.toBe(
            isInMaintenanceWindow([second], instant),
          );
        },
      ),
      { numRuns: 2000 },
    );
  });

  it("treats a list of windows as their union", () => {
    fc.assert(
      fc.property(
        fc.array(windowIn([...DST_ZONES, "Asia/Shanghai"]), { maxLength: 4 }),
        fc.array(windowIn([...DST_ZONES, "UTC"]), { maxLength: 4 }),
        instantArb,
        (left, right, instant) => {
          expect(isInMaintenanceWindow([...left, ...right], instant)).toBe(
            isInMaintenanceWindow(left, instant) || isInMaintenanceWindow(right, instant),
          );
        },
      ),
    );
  });

  it("is always open for a whole-week window and, per day, exactly on that local day", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...DST_ZONES, "Asia/Kathmandu"),
        instantArb,
        (timeZone, instant) => {
          const whole = { timeZone, days: [...WEEKDAYS], start: "00:00", end: "24:00" };
          expect(isInMaintenanceWindow([whole], instant)).toBe(true);
          const open = WEEKDAYS.filter((day) =>
            isInMaintenanceWindow([{ ...whole, days: [day] }], instant),
          );
          expect(open).toHaveLength(1);
        },
      ),
    );
  });

  it("only ever sees windows the schema accepts", () => {
    fc.assert(
      fc.property(windowIn([...DST_ZONES, ...Object.keys(FIXED_ZONES)]), (window) => {
        expect(MaintenanceWindowSchema.safeParse(window).success).toBe(true);
      }),
    );
  });
});
