import { describe, expect, it } from "vitest";
import { PendingActions } from "../../infra/local/runner/pendingActions.ts";

// The demo holds its scenario clock until every due event of a poll has its outcome.
describe("the demo's pending actions", () => {
  it("opens on each due event and closes on the outcome that names it", async () => {
    const pending = new PendingActions();
    pending.observe({ detailType: "Cancel Due", source: "upgrade-shepherd", detail: { id: "d1" } });
    pending.observe({ detailType: "Resume Due", source: "upgrade-shepherd", detail: { id: "d2" } });
    pending.observe({
      detailType: "Upgrade Failed",
      source: "upgrade-shepherd",
      detail: { id: "e" },
    });
    expect(pending.size).toBe(2);
    pending.observe({
      detailType: "Action Succeeded",
      source: "upgrade-shepherd",
      detail: { id: "o1", dueEventId: "d1" },
    });
    expect(pending.size).toBe(1);
    // Nothing answers d2 in time: the wait gives up, says so, and forgets it.
    expect(await pending.settled(0)).toBe(false);
    expect(pending.size).toBe(0);
    expect(await pending.settled(0)).toBe(true);
  });
});
