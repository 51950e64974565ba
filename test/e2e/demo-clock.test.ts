import { describe, expect, it } from "vitest";
import { createDemoClock } from "../../infra/local/runner/demoClock.ts";

// The demo's scenario clock holds still while serverless-offline starts and while each poll
// runs (issue 14, point 8): however slow the machine, the first poll sees the scenario from its
// beginning and no scenario minute passes unread.
describe("the demo's scenario clock", () => {
  it("holds at the scenario start until it runs, then runs at its speed and holds when told", () => {
    let wall = Date.parse("2026-11-29T10:00:00Z");
    const clock = createDemoClock({
      startAt: new Date("2025-01-15T02:00:00Z"),
      speed: 30,
      wallNow: () => wall,
    });
    wall += 45_000; // a slow serverless-offline start
    expect(clock.now().toISOString()).toBe("2025-01-15T02:00:00.000Z");
    clock.run();
    wall += 2_000;
    expect(clock.now().toISOString()).toBe("2025-01-15T02:01:00.000Z");
    clock.hold(); // a poll that takes 5 wall seconds
    wall += 5_000;
    expect(clock.now().toISOString()).toBe("2025-01-15T02:01:00.000Z");
    clock.run();
    clock.run(); // running twice changes nothing
    wall += 2_000;
    expect(clock.now().toISOString()).toBe("2025-01-15T02:02:00.000Z");
  });
});
