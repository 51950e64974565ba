import { describe, expect, it } from "vitest";
import {
  compareSeverity,
  SEVERITIES,
  type Severity,
  severityAtLeast,
} from "../../shared/events/severity.ts";

describe("severity", () => {
  it("orders debug < info < warning < critical", () => {
    const shuffled: Severity[] = ["critical", "debug", "warning", "info"];
    expect([...shuffled].sort(compareSeverity)).toEqual(["debug", "info", "warning", "critical"]);
    expect(SEVERITIES).toEqual(["debug", "info", "warning", "critical"]);
  });

  it("compares as a comparator: negative, zero, positive", () => {
    expect(compareSeverity("info", "warning")).toBeLessThan(0);
    expect(compareSeverity("warning", "warning")).toBe(0);
    expect(compareSeverity("critical", "debug")).toBeGreaterThan(0);
  });

  it("answers 'at least' for a receiver's minimum", () => {
    expect(severityAtLeast("warning", "warning")).toBe(true);
    expect(severityAtLeast("critical", "info")).toBe(true);
    expect(severityAtLeast("info", "warning")).toBe(false);
  });
});
