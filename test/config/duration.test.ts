import fc from "fast-check";
import { describe, expect, it } from "vitest";
import * as z from "zod";
import { durationSchema, formatDuration, parseDuration } from "../../shared/config/duration.ts";
import { isValidPollInterval, POLL_INTERVALS_MS } from "../../shared/config/pollInterval.ts";

describe("parseDuration", () => {
  it.each([
    ["90s", 90_000],
    ["5m", 300_000],
    ["1h", 3_600_000],
    ["1h30m", 5_400_000],
    ["1d", 86_400_000],
    ["0s", 0],
    [90, 90_000],
    [1.5, 1_500],
    [0, 0],
  ])("reads %j as %i ms", (input, ms) => {
    expect(parseDuration(input)).toBe(ms);
  });

  it.each(["", "5", "5 m", "m", "1m1h", "1.5m", "-5m", "5M", "1h 30m", "5mm"])(
    "rejects %j",
    (input) => {
      expect(parseDuration(input)).toBeUndefined();
    },
  );

  it.each([-1, Number.NaN, Number.POSITIVE_INFINITY])("rejects the number %d", (input) => {
    expect(parseDuration(input)).toBeUndefined();
  });

  it("reads back what formatDuration writes, for any whole number of seconds", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 400 * 86_400 }), (seconds) => {
        expect(parseDuration(formatDuration(seconds * 1000))).toBe(seconds * 1000);
      }),
    );
  });
});

describe("durationSchema", () => {
  const schema = durationSchema({ min: 60_000, max: 3_600_000 });

  it("normalizes strings and seconds to milliseconds", () => {
    expect(schema.parse("5m")).toBe(300_000);
    expect(schema.parse(120)).toBe(120_000);
  });

  it("states bounds in the units people write", () => {
    const low = schema.safeParse("30s");
    const high = schema.safeParse("2h");
    expect(low.success ? "" : low.error.issues[0]?.message).toBe("must be at least 1m");
    expect(high.success ? "" : high.error.issues[0]?.message).toBe("must be at most 1h");
  });

  it.each([["5 minutes"], [true], [-3]])("says what a duration looks like for %j", (input) => {
    const result = z.object({ d: schema }).safeParse({ d: input });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toMatch(/duration like "90s"|must not be negative/);
  });
});

describe("poll interval", () => {
  it("accepts exactly the whole-minute divisors of an hour and whole-hour divisors of a day", () => {
    const minutes = POLL_INTERVALS_MS.map((ms) => ms / 60_000);
    expect(minutes).toEqual([
      1, 2, 3, 4, 5, 6, 10, 12, 15, 20, 30, 60, 120, 180, 240, 360, 480, 720, 1440,
    ]);
  });

  it("keeps every valid interval's grid aligned with the hour or the day, so windows tile", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1440 }), (minutes) => {
        const ms = minutes * 60_000;
        const tiles = 3_600_000 % ms === 0 || (ms % 3_600_000 === 0 && 86_400_000 % ms === 0);
        expect(isValidPollInterval(ms)).toBe(tiles);
      }),
    );
  });

  it.each([90_000, 7 * 60_000, 40 * 60_000, 5 * 3_600_000, 2 * 86_400_000])(
    "rejects %i ms",
    (ms) => {
      expect(isValidPollInterval(ms)).toBe(false);
    },
  );
});
