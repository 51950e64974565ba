import { describe, expect, it } from "vitest";
import { NotifyConfigSchema, ReceiverSchema } from "../../shared/notify/config.ts";

const problems = (receiver: Record<string, unknown>): string[] => {
  const result = NotifyConfigSchema.safeParse({ receivers: [receiver], routes: [] });
  return result.success ? [] : result.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
};

describe("a receiver's actions config", () => {
  it("reads the short forms as every action, no window override, one hour", () => {
    expect(
      ReceiverSchema.parse({ name: "ops-teams", type: "teams", actions: "anyone-with-the-link" })
        .actions,
    ).toEqual({
      pressedBy: "anyone-with-the-link",
      allow: ["resume", "cancel", "postcheck", "approve"],
      overrideWindow: false,
      expiry: 3_600_000,
    });
    expect(
      ReceiverSchema.parse({
        name: "ops-slack",
        type: "slack",
        actions: {
          pressedBy: { slackUserGroups: ["SAZ94GDB8"] },
          allow: ["resume"],
          expiry: "30m",
        },
      }).actions,
    ).toMatchObject({
      pressedBy: { slackUsers: [], slackUserGroups: ["SAZ94GDB8"], feishuOpenIds: [] },
      expiry: 1_800_000,
    });
  });

  it("refuses buttons where a channel cannot carry them, naming the field", () => {
    for (const type of ["pagerduty", "webhook", "cloudevents"]) {
      expect(problems({ name: "x", type, actions: "anyone-with-the-link" })).toEqual([
        `receivers.0.actions: a ${type} receiver has no buttons; remove actions`,
      ]);
    }
  });

  it("makes link-only robots say anyone-with-the-link, since they cannot tell who pressed", () => {
    expect(problems({ name: "x", type: "teams", actions: "anyone-in-the-channel" })).toEqual([
      "receivers.0.actions.pressedBy: a teams robot cannot tell who pressed; its buttons are signed links, so say anyone-with-the-link",
    ]);
    expect(problems({ name: "x", type: "wecom", actions: "anyone-with-the-link" })).toEqual([]);
  });

  it("refuses a list that names nobody, or names people of another chat", () => {
    expect(problems({ name: "x", type: "slack", actions: { pressedBy: {} } })).toEqual([
      "receivers.0.actions.pressedBy: names nobody: list who may press, or say anyone-in-the-channel",
    ]);
    expect(
      problems({
        name: "x",
        type: "feishu",
        actions: { pressedBy: { slackUsers: ["U0ALICE001"] } },
      }),
    ).toContain(
      "receivers.0.actions.pressedBy: slackUsers and slackUserGroups are for slack receivers",
    );
    expect(problems({ name: "x", type: "slack", actions: "anyone-with-the-link" })).toEqual([
      "receivers.0.actions.pressedBy: Slack says who pressed: use anyone-in-the-channel or list slackUsers/slackUserGroups",
    ]);
  });

  it("refuses ids that are not the chat's id forms, a typo'd key, and an expiry past a day", () => {
    expect(
      problems({
        name: "x",
        type: "slack",
        actions: { pressedBy: { slackUsers: ["alice"] } },
      }).join(),
    ).toContain("must be a Slack user id");
    expect(
      problems({
        name: "x",
        type: "slack",
        actions: { pressedBy: "anyone-in-the-channel", overideWindow: true },
      }).join(),
    ).toContain('did you mean "overrideWindow"');
    expect(
      problems({
        name: "x",
        type: "slack",
        actions: { pressedBy: "anyone-in-the-channel", expiry: "2d" },
      }).join(),
    ).toContain("must be at most 1d");
  });
});

describe("routing a press", () => {
  it("sends the request and its outcome back to the receiver pressed from, whatever the routes say", async () => {
    const { NOTIFIED_EVENTS } = await import("../helpers/notifyEvents.ts");
    const { receiversFor } = await import("../../shared/notify/route.ts");
    const config = NotifyConfigSchema.parse({
      receivers: [
        {
          name: "ops-slack",
          type: "slack",
          actions: "anyone-in-the-channel",
          filter: { eventTypes: ["Upgrade Failed"] },
        },
        { name: "audit", type: "webhook" },
      ],
      routes: [{ receivers: ["audit"] }],
    });
    const requested = NOTIFIED_EVENTS["Action Requested"];
    expect(receiversFor(requested, config).map((r) => r.name)).toEqual(["audit", "ops-slack"]);
    const automatic = NOTIFIED_EVENTS["Action Succeeded"];
    expect(receiversFor(automatic, config).map((r) => r.name)).toEqual(["audit"]);
    const pressed = {
      ...automatic,
      detail: { ...automatic.detail, requestedBy: requested.detail.requestedBy },
    };
    expect(receiversFor(pressed, config).map((r) => r.name)).toEqual(["audit", "ops-slack"]);
  });
});
