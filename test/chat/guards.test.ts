import { afterEach, describe, expect, it } from "vitest";
import { pressSlackButton, slackButtons } from "../../infra/local/sink/press.ts";
import {
  ALICE,
  type ChatStack,
  eventFor,
  MIN,
  SECRET,
  startChatStack,
  writes,
} from "./chatStack.ts";

// A press runs the automatic actions' guarded path: dry run, blast radius, maintenance window,
// fresh re-read. Each case is judged by the simulator's request log.
let stack: ChatStack | undefined;
afterEach(async () => {
  await stack?.close();
  stack = undefined;
});

const NEVER = { timeZone: "UTC", days: ["sun"], start: "00:00", end: "00:01" }; // 2025-01-15 is a Wednesday

async function pressOn(
  type: "Upgrade Paused" | "Upgrade Failed" | "Upgrade Succeeded",
  cluster: string,
  options: Parameters<typeof startChatStack>[0] = {},
) {
  stack = await startChatStack(options);
  const s = stack;
  const events = await s.poll(10 * MIN);
  const message = (await s.deliverTo("ops-slack", eventFor(events, type, cluster))).json;
  const mark = s.sim.requests.length;
  const reply = await pressSlackButton({
    message,
    chatActionUrl: s.fnUrl.url,
    signingSecret: SECRET.slackSigningSecret,
    user: ALICE,
    responseUrl: s.sink.urlFor("/slack-response"),
    now: s.clock.now(),
  });
  expect(reply.status).toBe(200);
  const [result] = (await s.work()) as { outcomes: string[] }[];
  const outcome = s.bus.events.find(
    (e) => e.detailType.startsWith("Action ") && e.detailType !== "Action Requested",
  );
  return { s, message, mark, outcomes: result?.outcomes, outcome: outcome?.detail };
}

describe("a press goes through the same guards as the automatic action", () => {
  it("cancels a failed upgrade with one PATCH of its workflow", async () => {
    const { s, message, mark, outcomes } = await pressOn("Upgrade Failed", "cce-fail");
    expect(slackButtons(message).map((b) => b.action_id)).toEqual(["shepherd-cancel"]);
    expect(outcomes).toEqual(["Action Succeeded"]);
    expect(writes(s.since(mark)).map((r) => `${r.method} ${r.operation}`)).toEqual([
      "PATCH UpgradeWorkFlowUpdate",
    ]);
  });

  it("calls nothing that changes the cloud in a dry run, and says what it would have done", async () => {
    const { s, mark, outcome } = await pressOn("Upgrade Failed", "cce-fail", {
      overrides: { "cce-fail": { dryRun: true } },
    });
    expect(writes(s.since(mark))).toEqual([]);
    expect(s.since(mark).length).toBeGreaterThan(0); // it did read
    expect(outcome).toMatchObject({ reason: "dry-run", dryRun: true, severity: "warning" });
    expect(String(outcome?.message)).toMatch(/^dry run: would cancel upgrade workflow/);
  });

  it("cancels nothing above the blast-radius limit", async () => {
    const { s, mark, outcome } = await pressOn("Upgrade Failed", "cce-fail", {
      defaults: { blastRadiusLimit: 0 },
    });
    expect(s.since(mark)).toEqual([]);
    expect(outcome).toMatchObject({ reason: "blast-radius", severity: "warning" });
    expect(s.bus.events.map((e) => e.detailType)).not.toContain("Auto Actions Suspended");
  });

  it("does not resume outside the maintenance window unless the receiver allows it", async () => {
    const { s, mark, outcome } = await pressOn("Upgrade Paused", "cce-pause", {
      defaults: { maintenanceWindows: [NEVER] },
    });
    expect(s.since(mark)).toEqual([]);
    expect(outcome).toMatchObject({ reason: "outside-window", severity: "warning" });
    expect(String(outcome?.message)).toContain("does not allow a resume outside it");
  });

  it("resumes outside the window when the receiver allows it, and the outcome says it was overridden", async () => {
    const { s, mark, outcome } = await pressOn("Upgrade Paused", "cce-pause", {
      defaults: { maintenanceWindows: [NEVER] },
      receivers: [
        {
          name: "ops-slack",
          type: "slack",
          allowPrivateNetwork: true,
          actions: { pressedBy: "anyone-in-the-channel", overrideWindow: true },
        },
      ],
    });
    expect(writes(s.since(mark)).map((r) => r.operation)).toEqual(["ContinueUpgradeClusterTask"]);
    expect(String(outcome?.message)).toMatch(
      /outside the maintenance window .*overridden by the press: receiver ops-slack allows it/,
    );
  });

  it("runs the postcheck of a success with no PostCheck recorded", async () => {
    const { s, message, mark, outcomes } = await pressOn("Upgrade Succeeded", "cce-ok");
    expect(slackButtons(message).map((b) => b.action_id)).toEqual(["shepherd-postcheck"]);
    expect(outcomes).toEqual(["Postcheck Passed"]);
    expect(writes(s.since(mark)).map((r) => r.operation)).toEqual(["CreatePostCheck"]);
  });

  it("skips when the fresh read shows the upgrade moved on since the message", async () => {
    stack = await startChatStack();
    const s = stack;
    const events = await s.poll(10 * MIN);
    const message = (
      await s.deliverTo("ops-slack", eventFor(events, "Upgrade Paused", "cce-pause"))
    ).json;
    await pressSlackButton({
      message,
      chatActionUrl: s.fnUrl.url,
      signingSecret: SECRET.slackSigningSecret,
      user: ALICE,
      responseUrl: s.sink.urlFor("/slack-response"),
      now: s.clock.now(),
    });
    await s.work();
    // The same button on a second receiver-visible copy, pressed after the resume went through.
    const mark = s.sim.requests.length;
    await pressSlackButton({
      message,
      chatActionUrl: s.fnUrl.url,
      signingSecret: SECRET.slackSigningSecret,
      user: { id: ALICE.id, username: "alice-again" },
      responseUrl: s.sink.urlFor("/slack-response"),
      now: s.clock.now(),
    });
    await s.work();
    expect(writes(s.since(mark))).toEqual([]);
  });
});
