import { afterEach, describe, expect, it } from "vitest";
import { pressSlackButton, slackButtons } from "../../infra/local/sink/press.ts";
import { slackSignature } from "../../shared/chat/slackRequest.ts";
import { createTelemetry } from "../../shared/observability/telemetry.ts";
import { NOTIFIED_EVENTS } from "../helpers/notifyEvents.ts";
import {
  ALICE,
  BOB,
  type ChatStack,
  eventFor,
  MIN,
  SECRET,
  startChatStack,
  writes,
} from "./chatStack.ts";

// The whole path of a Slack press, with nothing in between faked but EventBridge: the real
// deliver sends the alert (with its buttons) to the sink, the sink presses a button the way
// Slack does (signed block_actions), the real chat-action handler answers behind a local
// function URL, and the Action Requested it published is fed back to it, which acts on the
// simulator through the real signed client. The simulator's request log is the judge.
let stack: ChatStack | undefined;
afterEach(async () => {
  await stack?.close();
  stack = undefined;
});

async function pausedAlert(options: Parameters<typeof startChatStack>[0] = {}) {
  stack = await startChatStack(options);
  const events = await stack.poll(10 * MIN);
  const message = await stack.deliverTo(
    "ops-slack",
    eventFor(events, "Upgrade Paused", "cce-pause"),
  );
  return { s: stack, message: message.json };
}

const press = (s: ChatStack, message: unknown, user = ALICE, action?: string) =>
  pressSlackButton({
    message,
    ...(action ? { action } : {}),
    chatActionUrl: s.fnUrl.url,
    signingSecret: SECRET.slackSigningSecret,
    user,
    responseUrl: s.sink.urlFor("/slack-response"),
    now: s.clock.now(),
  });

describe("a Slack press", () => {
  it("resumes a paused upgrade with exactly one mutating call, and says who asked", async () => {
    const { s, message } = await pausedAlert();
    expect(slackButtons(message).map((b) => b.action_id)).toEqual(["shepherd-resume"]);
    const mark = s.sim.requests.length;
    const reply = await press(s, message);
    expect(reply).toEqual({ status: 200, body: "" });
    // Acknowledged before anything acted: one Action Requested, no call to the cloud yet.
    expect(s.requested()).toHaveLength(1);
    expect(s.since(mark)).toEqual([]);
    expect(s.requested()[0]?.detail).toMatchObject({
      action: "resume",
      requestedBy: { channel: "slack", receiver: "ops-slack", userId: ALICE.id, userName: "alice" },
      upgrade: null,
    });
    const ack = s.sink.deliveriesTo("/slack-response");
    expect(ack).toHaveLength(1);
    expect(ack[0]?.json).toMatchObject({ response_type: "ephemeral", replace_original: false });
    expect(JSON.stringify(ack[0]?.json)).toContain("requested by alice");

    const [outcome] = (await s.work()) as { outcomes: string[] }[];
    expect(outcome?.outcomes).toEqual(["Action Succeeded"]);
    const calls = writes(s.since(mark));
    expect(calls.map((r) => `${r.method} ${r.operation}`)).toEqual([
      "POST ContinueUpgradeClusterTask",
    ]);
    const succeeded = s.bus.events.find((e) => e.detailType === "Action Succeeded");
    expect(succeeded?.detail).toMatchObject({
      action: "resume",
      alreadyDone: false,
      dueEventId: s.requested()[0]?.detail.id,
      requestedBy: { userId: ALICE.id },
    });
  });

  it("never puts the token or the signing secret in an event, a reply or a log line", async () => {
    const telemetry = createTelemetry("chat-action");
    telemetry.logger.setLogLevel("DEBUG");
    const { s, message } = await pausedAlert({ telemetry });
    // The function's structured logs go to stdout (Powertools); they are read here as written.
    const logged: string[] = [];
    const write = process.stdout.write.bind(process.stdout);
    process.stdout.write = ((chunk: string | Uint8Array, ...rest: never[]) => {
      logged.push(String(chunk));
      return write(chunk, ...rest);
    }) as typeof process.stdout.write;
    try {
      await press(s, message);
      await s.work();
    } finally {
      process.stdout.write = write;
    }
    expect(logged.join("")).toContain('"message":"press accepted"');
    const [token] = slackButtons(message).map((b) => b.value ?? "");
    expect(token?.length).toBeGreaterThan(100);
    const everything = JSON.stringify([
      s.bus.events,
      s.sink.deliveriesTo("/slack-response").map((d) => d.body),
    ]);
    expect(everything).not.toContain(token);
    expect(everything).not.toContain(SECRET.slackSigningSecret);
    expect(everything).not.toContain(SECRET.tokenKey);
  });

  it("is harmless when pressed twice: the second finds it done and sends nothing", async () => {
    const { s, message } = await pausedAlert();
    const mark = s.sim.requests.length;
    await press(s, message);
    await s.work();
    await press(s, message);
    const [second] = (await s.work()) as { outcomes: string[] }[];
    expect(writes(s.since(mark))).toHaveLength(1);
    // Same person, same button: the same Action Requested id, which receivers deduplicate.
    const ids = s.requested().map((e) => e.detail.id);
    expect(ids).toHaveLength(2);
    expect(ids[0]).toBe(ids[1]);
    expect(second?.outcomes).toEqual(["Action Skipped"]);
    const skipped = s.bus.events.find((e) => e.detailType === "Action Skipped");
    expect(skipped?.detail).toMatchObject({ reason: "already-done", severity: "warning" });
  });

  it("refuses someone not on the list politely, and nothing happens", async () => {
    const { s, message } = await pausedAlert();
    const mark = s.sim.requests.length;
    const reply = await press(s, message, BOB);
    expect(reply.status).toBe(200);
    expect(s.requested()).toEqual([]);
    expect(s.bus.events).toEqual([]);
    expect(s.since(mark)).toEqual([]);
    const [ack] = s.sink.deliveriesTo("/slack-response");
    expect(ack?.json).toMatchObject({
      text: expect.stringMatching(/^Sorry, bob: you are not on the list/),
    });
    expect(ack?.json).toMatchObject({ response_type: "ephemeral" });
  });

  it("lets anyone in the channel press when the receiver says so explicitly", async () => {
    const { s, message } = await pausedAlert({
      receivers: [
        {
          name: "ops-slack",
          type: "slack",
          allowPrivateNetwork: true,
          actions: "anyone-in-the-channel",
        },
      ],
    });
    await press(s, message, BOB);
    expect(s.requested()).toHaveLength(1);
  });

  it("asks Slack who is in a listed user group, with the bot token, and lets only its members press", async () => {
    const { s, message } = await pausedAlert({
      receivers: [
        {
          name: "ops-slack",
          type: "slack",
          allowPrivateNetwork: true,
          actions: { pressedBy: { slackUserGroups: ["S0ONCALL01"] } },
        },
      ],
      secret: { slackBotToken: "xoxb-test-bot-token" },
    });
    s.sink.setBehaviour("/api/usergroups.users.list", {
      replies: [{ status: 200, body: { ok: true, users: [BOB.id, "U0CAROL001"] } }],
    });
    await press(s, message, ALICE);
    await press(s, message, BOB);
    const [asked] = s.sink.deliveriesTo("/api/usergroups.users.list");
    expect(asked?.query).toEqual({ usergroup: "S0ONCALL01" });
    expect(asked?.headers.authorization).toBe("Bearer xoxb-test-bot-token");
    // Asked once: the answer is kept for a minute, so a burst of presses asks Slack once.
    expect(s.sink.deliveriesTo("/api/usergroups.users.list")).toHaveLength(1);
    expect(s.requested().map((e) => e.detail.requestedBy)).toMatchObject([{ userId: BOB.id }]);
    const replies = s.sink
      .deliveriesTo("/slack-response")
      .map((d) => (d.json as { text: string }).text);
    expect(replies[0]).toMatch(/^Sorry, alice/);
    expect(JSON.stringify(s.bus.events)).not.toContain("xoxb-test-bot-token");
  });

  it("answers 401 with no detail to a bad signature, an old timestamp, an expired, altered or foreign token", async () => {
    const { s, message } = await pausedAlert();
    const mark = s.sim.requests.length;
    const [button] = slackButtons(message);
    const token = button?.value ?? "";
    const post = async (body: string, headers: Record<string, string>) => {
      const res = await fetch(new URL("slack", s.fnUrl.url), { method: "POST", headers, body });
      return { status: res.status, body: await res.text() };
    };
    const payload = (value: string) =>
      new URLSearchParams({
        payload: JSON.stringify({
          type: "block_actions",
          user: { id: ALICE.id, username: "alice" },
          response_url: s.sink.urlFor("/slack-response"),
          actions: [{ action_id: "shepherd-resume", value }],
        }),
      }).toString();
    const ts = String(Math.floor(s.clock.now().getTime() / 1000));
    const signed = (body: string, at = ts, secret = SECRET.slackSigningSecret) => ({
      "content-type": "application/x-www-form-urlencoded",
      "x-slack-request-timestamp": at,
      "x-slack-signature": slackSignature(secret, at, body),
    });
    const body = payload(token);
    const refusals = [
      await post(body, signed(body, ts, "another-apps-signing-secret")),
      await post(body, { ...signed(body), "x-slack-signature": "v0=00" }),
      await post(body, signed(body, String(Number(ts) - 301))),
      await post(`${body}x`, signed(body)),
      await post(payload(`${token.slice(0, -2)}AA`), signed(payload(`${token.slice(0, -2)}AA`))),
      await post(payload("not-a-token"), signed(payload("not-a-token"))),
    ];
    for (const r of refusals) expect(r).toEqual({ status: 401, body: "" });
    // Expired: the same button an hour and a minute later.
    s.clock.set(new Date(s.clock.now().getTime() + 61 * MIN));
    const later = String(Math.floor(s.clock.now().getTime() / 1000));
    expect(await post(body, signed(body, later))).toEqual({ status: 401, body: "" });
    expect(s.bus.events).toEqual([]);
    expect(s.sink.deliveriesTo("/slack-response")).toEqual([]);
    expect(s.since(mark)).toEqual([]);
  });
});

describe("a Slack press of Approve wave", () => {
  const ROLLOUT = {
    name: "k8s-1.31",
    target: { ack: "1.31.1-aliyun.1" },
    waves: [
      { name: "canary", clusters: { labels: { ring: "canary" } } },
      { name: "early", approval: "chat" },
    ],
  };

  it("is answered at once and recorded as an approval for poll-status; chat-action calls no cloud", async () => {
    stack = await startChatStack({ rollouts: [ROLLOUT] });
    const s = stack;
    const message = (await s.deliverTo("ops-slack", NOTIFIED_EVENTS["Rollout Wave Ready"])).json;
    expect(slackButtons(message).map((b) => b.action_id)).toEqual(["shepherd-approve"]);
    const mark = s.sim.requests.length;
    expect(await press(s, message, ALICE, "approve")).toEqual({ status: 200, body: "" });
    expect(s.requested().map((e) => e.detail)).toEqual([
      expect.objectContaining({
        action: "approve",
        rollout: "k8s-1.31",
        wave: "early",
        requestedBy: {
          channel: "slack",
          receiver: "ops-slack",
          userId: ALICE.id,
          userName: "alice",
        },
      }),
    ]);
    const [ack] = s.sink.deliveriesTo("/slack-response");
    expect(ack?.body).toContain("Approve wave");
    expect(ack?.body).toContain("for wave early of rollout k8s-1.31 requested by alice");
    expect(ack?.body).not.toContain(slackButtons(message)[0]?.value ?? "no token");
    expect(await s.work()).toEqual([{ ignored: "approval" }]);
    expect(s.since(mark)).toEqual([]);
  });

  it("is refused for someone the receiver does not list: nothing is recorded", async () => {
    stack = await startChatStack({ rollouts: [ROLLOUT] });
    const s = stack;
    const message = (await s.deliverTo("ops-slack", NOTIFIED_EVENTS["Rollout Wave Ready"])).json;
    expect(await press(s, message, BOB, "approve")).toEqual({ status: 200, body: "" });
    expect(s.requested()).toEqual([]);
    const [ack] = s.sink.deliveriesTo("/slack-response");
    expect(ack?.body).toContain("you are not on the list of people who may press");
  });
});
