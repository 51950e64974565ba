import { describe, expect, it } from "vitest";
import calendarJson from "../../shared/support/endOfSupport.json" with { type: "json" };
import {
  calendarAgeDays,
  minorVersion,
  SUPPORT_CALENDAR,
  SupportCalendarSchema,
  versionSupport,
} from "../../shared/support/endOfSupport.ts";

/** How old the calendar may get before its test warns: the vendors add a version about every four months. */
const STALE_AFTER_DAYS = 180;
const DAY = 86_400_000;

describe("the end-of-support calendar file", () => {
  it("parses, names a source page for every provider, and lists each version once", () => {
    expect(SupportCalendarSchema.safeParse(calendarJson).success).toBe(true);
    const keys = SUPPORT_CALENDAR.versions.map((v) => `${v.provider}/${v.minor}`);
    expect(new Set(keys).size).toBe(keys.length);
    for (const provider of ["cce", "cce-autopilot", "ack"] as const) {
      expect(SUPPORT_CALENDAR.sources[provider]?.url).toMatch(/^https:\/\//);
      expect(SUPPORT_CALENDAR.versions.some((v) => v.provider === provider)).toBe(true);
    }
  });

  it("refuses a malformed month or an unknown field", () => {
    const bad = structuredClone(calendarJson) as { versions: { endOfSupport: string | null }[] };
    (bad.versions[1] as { endOfSupport: string }).endOfSupport = "2026-13";
    expect(SupportCalendarSchema.safeParse(bad).success).toBe(false);
    expect(SupportCalendarSchema.safeParse({ ...calendarJson, extra: 1 }).success).toBe(false);
  });

  it(`warns (does not fail) when it was last checked more than ${STALE_AFTER_DAYS} days ago`, () => {
    const age = calendarAgeDays(Date.now());
    if (age > STALE_AFTER_DAYS) {
      console.warn(
        `shared/support/endOfSupport.json was last checked ${age} days ago (${SUPPORT_CALENDAR.checkedAt}): ` +
          "re-read the vendors' pages it names, update the dates and checkedAt.",
      );
    }
    expect(age).toBeGreaterThanOrEqual(0);
  });
});

describe("versionSupport", () => {
  const now = Date.parse("2026-01-15T00:00:00Z");

  it("reads the minor version from each provider's version strings", () => {
    expect(minorVersion("v1.28.5-r0")).toBe("1.28");
    expect(minorVersion("1.30.1-aliyun.1")).toBe("1.30");
    expect(minorVersion("v1.9")).toBe("1.9");
    expect(minorVersion("latest")).toBeNull();
    expect(minorVersion(null)).toBeNull();
  });

  it("says ended, ending within 90 days, supported or unknown, with the days left and the page", () => {
    expect(versionSupport("cce", "v1.28.5-r0", now)).toEqual({
      minor: "1.28",
      endOfSupport: "2026-02-01",
      status: "ending",
      daysLeft: 17,
      source: SUPPORT_CALENDAR.sources.cce?.url,
    });
    expect(versionSupport("ack", "1.28.9-aliyun.1", now).status).toBe("ended");
    expect(versionSupport("ack", "1.30.1-aliyun.1", now)).toMatchObject({
      status: "supported",
      daysLeft: 137,
    });
    expect(versionSupport("cce", "v1.31.1-r0", now)).toMatchObject({
      status: "unknown",
      endOfSupport: null,
    });
    expect(versionSupport("ack", "1.99.0", now)).toMatchObject({ status: "unknown", source: null });
    expect(versionSupport("cce", "v1.29.1-r0", now, { soonMs: 365 * DAY }).status).toBe("ending");
  });
});
