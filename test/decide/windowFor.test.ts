import { describe, expect, it } from "vitest";
import { repeatBucket } from "../../shared/decide/repeatBucket.ts";
import { windowFor } from "../../shared/decide/windowFor.ts";
import { inWindow, windowMs } from "../../shared/decide/windowMs.ts";
import { HOUR, MIN, SEC, T0 } from "../helpers/upgrades.ts";

describe("windowFor", () => {
  it("floors T to the grid and opens the window one interval before T - lag", () => {
    expect(windowFor(new Date(T0 + 2 * MIN + 17 * SEC), 5 * MIN, 2 * MIN)).toEqual({
      t: "2025-03-01T10:00:00.000Z",
      start: "2025-03-01T09:53:00.000Z",
      end: "2025-03-01T09:58:00.000Z",
    });
  });

  it("gives a late or retried invocation the same window as the on-time one", () => {
    const onTime = windowFor(new Date(T0), 5 * MIN, 2 * MIN);
    expect(windowFor(new Date(T0 + 4 * MIN + 59 * SEC), 5 * MIN, 2 * MIN)).toEqual(onTime);
    expect(windowFor(new Date(T0 + 5 * MIN), 5 * MIN, 2 * MIN)).not.toEqual(onTime);
  });

  it("tiles time: each run's start is the previous run's end", () => {
    for (let k = 0; k < 24; k++) {
      const a = windowFor(new Date(T0 + k * 5 * MIN), 5 * MIN, 3 * MIN);
      const b = windowFor(new Date(T0 + (k + 1) * 5 * MIN), 5 * MIN, 3 * MIN);
      expect(b.start).toBe(a.end);
    }
  });

  it("is half-open: a timestamp on the boundary belongs to the earlier window only", () => {
    const a = windowMs(windowFor(new Date(T0), 5 * MIN, 2 * MIN));
    const b = windowMs(windowFor(new Date(T0 + 5 * MIN), 5 * MIN, 2 * MIN));
    expect(inWindow(a, a.end)).toBe(true);
    expect(inWindow(b, a.end)).toBe(false);
    expect(inWindow(a, a.start)).toBe(false);
    expect(inWindow(a, a.start + 1)).toBe(true);
  });

  it("reports the interval and lag it was built with", () => {
    const w = windowMs(windowFor(new Date(T0), 5 * MIN, 90 * SEC));
    expect(w.intervalMs).toBe(5 * MIN);
    expect(w.lagMs).toBe(90 * SEC);
  });

  it("allows a lag of zero and a lag longer than the interval", () => {
    expect(windowFor(new Date(T0), 5 * MIN, 0).end).toBe("2025-03-01T10:00:00.000Z");
    expect(windowFor(new Date(T0), 5 * MIN, 7 * MIN).start).toBe("2025-03-01T09:48:00.000Z");
  });

  it("rejects an interval that is not a positive whole number, a negative lag and a bad date", () => {
    expect(() => windowFor(new Date(T0), 0, 0)).toThrow(RangeError);
    expect(() => windowFor(new Date(T0), 1.5, 0)).toThrow(RangeError);
    expect(() => windowFor(new Date(T0), 5 * MIN, -1)).toThrow(RangeError);
    expect(() => windowFor(new Date(Number.NaN), 5 * MIN, 0)).toThrow(RangeError);
  });

  it("rejects a window whose bounds are out of order", () => {
    expect(() =>
      windowMs({
        t: "2025-03-01T10:00:00.000Z",
        start: "2025-03-01T09:58:00.000Z",
        end: "2025-03-01T09:53:00.000Z",
      }),
    ).toThrow(RangeError);
  });
});

describe("repeatBucket", () => {
  const at = (ms: number) => windowMs(windowFor(new Date(ms), 5 * MIN, 2 * MIN));

  it("marks the first grid point of each bucket, and only it", () => {
    expect(repeatBucket(at(T0), HOUR)).toEqual({ start: T0, first: true });
    expect(repeatBucket(at(T0 + 5 * MIN), HOUR)).toEqual({ start: T0, first: false });
    expect(repeatBucket(at(T0 + 55 * MIN), HOUR).first).toBe(false);
    expect(repeatBucket(at(T0 + HOUR), HOUR).first).toBe(true);
  });

  it("fires exactly once in each bucket when repeat is not a multiple of the interval", () => {
    const runs = Array.from({ length: 43 }, (_, k) => repeatBucket(at(T0 + k * 5 * MIN), 7 * MIN));
    const perBucket = new Map<number, number>();
    for (const b of runs.slice(1))
      perBucket.set(b.start, (perBucket.get(b.start) ?? 0) + (b.first ? 1 : 0));
    const firstRunBucket = runs[0]?.start;
    for (const [start, count] of perBucket) {
      if (start !== firstRunBucket) expect(count).toBe(1);
    }
    expect(perBucket.size).toBe(31);
  });

  it("fires every run when repeat is shorter than the interval", () => {
    for (let k = 0; k < 12; k++)
      expect(repeatBucket(at(T0 + k * 5 * MIN), 3 * MIN).first).toBe(true);
  });
});
