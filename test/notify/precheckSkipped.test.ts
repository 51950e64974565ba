import { describe, expect, it } from "vitest";
import { type ShepherdEvent, ShepherdEventSchema } from "../../shared/events/shepherdEvent.ts";
import { alertView } from "../../shared/notify/alertView.ts";
import { NOTIFIED_EVENTS } from "../helpers/notifyEvents.ts";

// The alert a precheck's findings make (start-upgrade, reason `precheck`): the view every channel
// renders from names the precheck and lists its findings, one bullet each.
function precheckSkipped(severity: "warning" | "debug", finishedAt: string): ShepherdEvent {
  const base = NOTIFIED_EVENTS["Action Skipped"];
  return ShepherdEventSchema.parse({
    ...base,
    detail: {
      ...base.detail,
      action: "upgrade",
      reason: "precheck",
      severity,
      message: "the cloud's precheck 7a1b for v1.31 did not pass (status Failed)",
      precheck: {
        id: "7a1b",
        status: "Failed",
        finishedAt,
        findings: [
          "LimitCheck DeprecatedAPICheck [Fatal, Exception] Failed: Ingress v1beta1 is removed",
          "node n1: NodeCheck NodeOSCheck [Warning, Exception] Failed: EulerOS 2.5 ends",
        ],
      },
    },
  });
}

describe("Action Skipped: precheck, in the alert view", () => {
  it("names the precheck and lists its findings as bullets, at warning tone when announced", () => {
    const event = precheckSkipped("warning", NOTIFIED_EVENTS["Action Skipped"].detail.window.end);
    const view = alertView(event);
    expect(view).toMatchObject({ title: "Automatic upgrade start skipped", tone: "warn" });
    expect(view.facts).toEqual(
      expect.arrayContaining([
        { label: "Reason", value: "the cloud's pre-upgrade check found problems" },
        { label: "Precheck", value: "7a1b" },
        { label: "Precheck status", value: "Failed" },
      ]),
    );
    expect(view.texts).toContainEqual({
      label: "Findings",
      text: "• LimitCheck DeprecatedAPICheck [Fatal, Exception] Failed: Ingress v1beta1 is removed\n• node n1: NodeCheck NodeOSCheck [Warning, Exception] Failed: EulerOS 2.5 ends",
    });
  });

  it("is muted when it is a reminder (finished before the run's window)", () => {
    const view = alertView(precheckSkipped("debug", "2020-01-01T00:00:00.000Z"));
    expect(view.tone).toBe("muted");
  });
});
