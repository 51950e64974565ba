import { describe, expect, it } from "vitest";
import { createStartableClock } from "../../infra/local/runner/startableClock.ts";

// The demo's scenario clock stands still while serverless-offline starts (issue 14, point 8):
// however long the start takes, the first poll sees the scenario from its beginning.
describe("the demo's startable clock", () => {
  it("reads the scenario start until started, then runs at its speed from that moment", () => {
    let wall = Date.parse("2026-11-29T10:00:00Z");
    const clock = createStartableClock({
      startAt: new Date("2025-01-15T02:00:00Z"),
      speed: 30,
      wallNow: () => wall,
    });
    wall += 45_000; // a slow serverless-offline start
    expect(clock.now().toISOString()).toBe("2025-01-15T02:00:00.000Z");
    clock.start();
    expect(clock.now().toISOString()).toBe("2025-01-15T02:00:00.000Z");
    wall += 2_000;
    expect(clock.now().toISOString()).toBe("2025-01-15T02:01:00.000Z");
    clock.start(); // a second start changes nothing
    wall += 2_000;
    expect(clock.now().toISOString()).toBe("2025-01-15T02:02:00.000Z");
  });
});
