import { describe, expect, it } from "vitest";
import { TimestampError } from "../../shared/errors.ts";
import { parseHuaweiTime } from "../../shared/providers/time.ts";

// Every string Go's time.Time.String() prints ("2006-01-02 15:04:05.999999999 -0700 MST", the
// zone's abbreviation or, for a zone without one, the numeric offset again, and " m=±<secs>"
// when the time carries a monotonic clock reading), as CCE sends them (seeds 001 and 002).
describe("Huawei timestamps: every form of Go's time.Time.String()", () => {
  it.each([
    ["2023-11-24 16:41:12.09236 +0800 CST", "2023-11-24T08:41:12.092Z"], // seed 002
    ["2023-11-25 06:32:34.923248 +0000 UTC", "2023-11-25T06:32:34.923Z"], // seed 001
    ["2023-11-25 06:32:34 +0000 UTC", "2023-11-25T06:32:34.000Z"], // no fraction when zero
    ["2023-11-25 06:32:34.1 +0000 UTC", "2023-11-25T06:32:34.100Z"],
    ["2023-11-25 06:32:34.123456789 +0000 UTC", "2023-11-25T06:32:34.123Z"], // nanoseconds
    ["2023-11-24 16:41:12 -0700 MST", "2023-11-24T23:41:12.000Z"],
    ["2023-11-24 22:11:12.5 +0530 IST", "2023-11-24T16:41:12.500Z"],
    ["2023-11-24 16:41:12 +1000 ChST", "2023-11-24T06:41:12.000Z"], // mixed-case abbreviation
    ["2023-11-24 16:41:12 +1300 NZDT", "2023-11-24T03:41:12.000Z"],
    ["2023-11-24 08:41:12 +0000 +0000", "2023-11-24T08:41:12.000Z"], // FixedZone("", 0)
    ["2023-11-24 14:11:12 +0530 +0530", "2023-11-24T08:41:12.000Z"],
    ["2023-11-24 05:41:12 -0300 -03", "2023-11-24T08:41:12.000Z"], // tzdata's numeric names
    ["2023-11-24 14:26:12 +0545 +0545", "2023-11-24T08:41:12.000Z"],
    ["2023-11-24 08:41:12 +0000 -00", "2023-11-24T08:41:12.000Z"], // tzdata's unnamed zone
    ["2023-11-24 16:41:12.09236 +0800 CST m=+0.000000001", "2023-11-24T08:41:12.092Z"],
    ["2023-11-24 16:41:12.09236 +0800 CST m=+86400.123456789", "2023-11-24T08:41:12.092Z"],
    ["2023-11-24 16:41:12 +0800 CST m=-3.500000000", "2023-11-24T08:41:12.000Z"],
    ["2023-11-24 16:41:12 +0800", "2023-11-24T08:41:12.000Z"], // no abbreviation at all
  ])("reads %s", (text, iso) => {
    expect(parseHuaweiTime(text)).toBe(iso);
  });

  it.each([
    "2023-13-24 16:41:12 +0800 CST", // month 13
    "2023-02-30 16:41:12 +0800 CST", // 30 February
    "2023-11-24 24:00:00 +0800 CST",
    "2023-11-24 16:41:12 +1500 CST", // no zone is 15 hours away
    "2023-11-24 16:41:12 +0860 CST",
    "2023-11-24 16:41:12 +0800 +0900", // a numeric name that contradicts the offset
    "2023-11-24 16:41:12 +0530 +05",
    "2023-11-24 16:41:12.1234567890 +0800 CST", // ten fraction digits
    "2023-11-24 16:41:12 +0800 CST m=+",
    "2023-11-24 16:41:12 CST",
    "2023-11-24T16:41:12+08:00",
    "yesterday",
  ])("refuses %s", (text) => {
    expect(() => parseHuaweiTime(text)).toThrow(TimestampError);
  });
});
