import { describe, expect, it } from "vitest";
import { decide } from "../../shared/decide/decide.ts";
import { windowFor } from "../../shared/decide/windowFor.ts";
import type { ShepherdEvent } from "../../shared/events/shepherdEvent.ts";
import { toPutEventsEntry } from "../../shared/events/toPutEventsEntry.ts";
import { CCE, cceUpgrade, iso, MIN, POLICY, snapshot, T0 } from "../helpers/upgrades.ts";

const [started] = decide(
  snapshot(CCE, cceUpgrade({ createdAt: iso(T0 - 4 * MIN), updatedAt: iso(T0 - 4 * MIN) })),
  windowFor(new Date(T0), 5 * MIN, 2 * MIN),
  POLICY,
) as [ShepherdEvent];

describe("toPutEventsEntry", () => {
  it("builds the PutEvents entry: source, detail-type, JSON detail, bus and the run's time", () => {
    const entry = toPutEventsEntry(started, "upgrade-shepherd-dev");
    expect(entry).toEqual({
      Source: "upgrade-shepherd",
      DetailType: "Upgrade Started",
      Detail: JSON.stringify(started.detail),
      EventBusName: "upgrade-shepherd-dev",
      Time: new Date(T0),
    });
    expect(JSON.parse(entry.Detail as string)).toEqual(started.detail);
  });

  it("is the same entry for the same event: a retry sends the same bytes", () => {
    expect(toPutEventsEntry(started, "b")).toEqual(toPutEventsEntry(structuredClone(started), "b"));
  });

  it("refuses an event whose detail does not fit its detail-type", () => {
    const wrongSeverity = {
      ...started,
      detail: { ...started.detail, severity: "critical" },
    } as ShepherdEvent;
    expect(() => toPutEventsEntry(wrongSeverity, "b")).toThrow();
    const extraField = {
      ...started,
      detail: { ...started.detail, note: "x" },
    } as unknown as ShepherdEvent;
    expect(() => toPutEventsEntry(extraField, "b")).toThrow();
    const mislabelled = { ...started, detailType: "Upgrade Failed" } as ShepherdEvent;
    expect(() => toPutEventsEntry(mislabelled, "b")).toThrow();
  });
});
