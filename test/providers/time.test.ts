import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { TimestampError } from "../../shared/errors.ts";
import {
  parseEpochMillis,
  parseHuaweiTime,
  parseIsoOffsetTime,
  parseZonelessTime,
} from "../../shared/providers/time.ts";

describe("provider timestamps", () => {
  it("parses Huawei's Go-style timestamps with their offsets", () => {
    expect(parseHuaweiTime("2023-11-24 16:41:12.09236 +0800 CST")).toBe("2023-11-24T08:41:12.092Z");
    expect(parseHuaweiTime("2023-11-25 06:32:34.923248 +0000 UTC")).toBe(
      "2023-11-25T06:32:34.923Z",
    );
    expect(parseHuaweiTime("2024-03-01 00:00:00 -0530 XYZ")).toBe("2024-03-01T05:30:00.000Z");
    expect(parseHuaweiTime("2024-03-01 00:00:00 +0800")).toBe("2024-02-29T16:00:00.000Z");
    expect(parseHuaweiTime("")).toBeNull();
    expect(parseHuaweiTime(undefined)).toBeNull();
  });

  it("refuses a Huawei timestamp without its offset, or in another format", () => {
    expect(() => parseHuaweiTime("2023-11-24 16:41:12.09236")).toThrow(TimestampError);
    expect(() => parseHuaweiTime("2023-11-24T16:41:12Z")).toThrow(TimestampError);
    expect(() => parseHuaweiTime("yesterday")).toThrow(TimestampError);
    // Fields out of range are refused, not rolled over into another day.
    expect(() => parseHuaweiTime("2023-13-45 99:99:99 +0800 CST")).toThrow(TimestampError);
    expect(() => parseHuaweiTime("2024-02-30 10:00:00 +0800 CST")).toThrow(TimestampError);
    expect(() => parseIsoOffsetTime("2020-02-30T10:00:00+08:00")).toThrow(TimestampError);
    expect(() => parseZonelessTime("2022-12-15 24:00:00")).toThrow(TimestampError);
  });

  it("round-trips any instant through Huawei's format in any whole-minute offset", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2099, 0, 1) }),
        fc.integer({ min: -12 * 60, max: 14 * 60 }),
        (ms, offset) => {
          const local = new Date(ms + offset * 60_000);
          const sign = offset < 0 ? "-" : "+";
          const abs = Math.abs(offset);
          const pad = (n: number, w = 2) => String(n).padStart(w, "0");
          const text = `${local.getUTCFullYear()}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())} ${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())}.${pad(local.getUTCMilliseconds(), 3)}123 ${sign}${pad(Math.floor(abs / 60))}${pad(abs % 60)} ZZZ`;
          expect(parseHuaweiTime(text)).toBe(new Date(ms).toISOString());
        },
      ),
      { numRuns: 200 },
    );
  });

  it("parses ACK task times, which must carry an offset", () => {
    expect(parseIsoOffsetTime("2020-11-10T16:02:04+08:00")).toBe("2020-11-10T08:02:04.000Z");
    expect(parseIsoOffsetTime("2020-11-10T08:02:04Z")).toBe("2020-11-10T08:02:04.000Z");
    expect(() => parseIsoOffsetTime("2020-11-10T16:02:04")).toThrow(TimestampError);
  });

  it("reads ACK stage times as China Standard Time, and epoch-millisecond event times", () => {
    expect(parseZonelessTime("2022-12-15 23:00:00")).toBe("2022-12-15T15:00:00.000Z");
    expect(parseZonelessTime("2022-12-15 23:00:00", 0)).toBe("2022-12-15T23:00:00.000Z");
    expect(parseEpochMillis(1_605_000_000_000)).toBe("2020-11-10T09:20:00.000Z");
    expect(parseEpochMillis("1605000000000")).toBe("2020-11-10T09:20:00.000Z");
    expect(() => parseEpochMillis("soon")).toThrow(TimestampError);
  });
});
