import { afterEach, describe, expect, it } from "vitest";
import { NOTIFIED_EVENTS } from "../helpers/notifyEvents.ts";
import { type ChatStack, eventFor, MIN, startChatStack, writes } from "./chatStack.ts";

// Teams, DingTalk and WeCom cannot post a press back: their button is a signed link. GET shows a
// confirmation page and never acts (link previews and mail scanners open links); the page's
// button POSTs. The real deliver sends the Teams card to the sink; its Action.OpenUrl is opened.
let stack: ChatStack | undefined;
afterEach(async () => {
  await stack?.close();
  stack = undefined;
});

async function teamsLink(type: string, cluster: string) {
  stack = await startChatStack();
  const events = await stack.poll(10 * MIN);
  const card = (await stack.deliverTo("ops-teams", eventFor(events, type, cluster))).json as {
    attachments: { content: { actions: { title: string; url: string }[] } }[];
  };
  const actions = card.attachments[0]?.content.actions ?? [];
  return { s: stack, actions, link: actions[0]?.url ?? "" };
}

describe("a signed link", () => {
  it("is a Teams button before the console link, pointing at chat-action", async () => {
    const { s, actions } = await teamsLink("Upgrade Succeeded", "cce-ok");
    expect(actions.map((a) => a.title)).toEqual(["Run postcheck", "Open in console"]);
    expect(actions[0]?.url.startsWith(`${s.fnUrl.url}act?t=`)).toBe(true);
  });

  it("shows a confirmation page on GET and does nothing, however often it is opened", async () => {
    const { s, link } = await teamsLink("Upgrade Succeeded", "cce-ok");
    const mark = s.sim.requests.length;
    for (let i = 0; i < 3; i++) {
      const res = await fetch(link);
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toBe("text/html; charset=utf-8");
      expect(res.headers.get("referrer-policy")).toBe("no-referrer");
      expect(res.headers.get("cache-control")).toBe("no-store");
      const html = await res.text();
      expect(html).toContain("<h1>Run postcheck: cce-ok?</h1>");
      expect(html).toContain('<form method="post" action="">');
    }
    expect(s.bus.events).toEqual([]);
    expect(s.since(mark)).toEqual([]);
  });

  it("acts once when the page's button is pressed, and the record says the presser is unknown", async () => {
    const { s, link } = await teamsLink("Upgrade Succeeded", "cce-ok");
    const mark = s.sim.requests.length;
    const token = new URL(link).searchParams.get("t") ?? "";
    const res = await fetch(new URL("act", s.fnUrl.url), {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ t: token }).toString(),
    });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("<h1>Requested</h1>");
    expect(s.requested()[0]?.detail.requestedBy).toEqual({
      channel: "link",
      receiver: "ops-teams",
      userId: null,
      userName: null,
    });
    await s.work();
    expect(writes(s.since(mark)).map((r) => r.operation)).toEqual(["CreatePostCheck"]);
  });

  it("answers 401 with no detail to an expired or altered link, and to a Slack token", async () => {
    const { s, link } = await teamsLink("Upgrade Succeeded", "cce-ok");
    const altered = `${link.slice(0, -3)}AAA`;
    expect((await fetch(altered)).status).toBe(401);
    // A token signed for a Slack receiver is not a link for anyone.
    const events = await s.poll(10 * MIN);
    const slack = (await s.deliverTo("ops-slack", eventFor(events, "Upgrade Succeeded", "cce-ok")))
      .json as {
      attachments: { blocks: { type: string; elements?: { value: string }[] }[] }[];
    };
    const slackToken =
      slack.attachments[0]?.blocks.find((b) => b.type === "actions")?.elements?.[0]?.value ?? "";
    const foreign = await fetch(new URL(`act?t=${slackToken}`, s.fnUrl.url));
    expect({ status: foreign.status, body: await foreign.text() }).toEqual({
      status: 401,
      body: "",
    });
    s.clock.set(new Date(s.clock.now().getTime() + 61 * MIN));
    const expired = await fetch(link);
    expect({ status: expired.status, body: await expired.text() }).toEqual({
      status: 401,
      body: "",
    });
    expect(s.bus.events).toEqual([]);
  });
});

describe("a signed Approve wave link", () => {
  const ROLLOUT = {
    name: "k8s-1.31",
    target: { ack: "1.31.1-aliyun.1" },
    waves: [
      { name: "canary", clusters: { labels: { ring: "canary" } } },
      { name: "early", approval: "chat" },
    ],
  };

  it("confirms on GET, records an approval on POST, and chat-action leaves the approval to poll-status", async () => {
    stack = await startChatStack({ rollouts: [ROLLOUT] });
    const s = stack;
    const card = (await s.deliverTo("ops-teams", NOTIFIED_EVENTS["Rollout Wave Ready"])).json as {
      attachments: { content: { actions: { title: string; url: string }[] } }[];
    };
    const actions = card.attachments[0]?.content.actions ?? [];
    expect(actions.map((a) => a.title)).toEqual(["Approve wave"]);
    const link = actions[0]?.url ?? "";
    const mark = s.sim.requests.length;
    const page = await (await fetch(link)).text();
    expect(page).toContain("<h1>Approve wave early of rollout k8s-1.31?</h1>");
    expect(s.bus.events).toEqual([]);
    const res = await fetch(new URL("act", s.fnUrl.url), {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ t: new URL(link).searchParams.get("t") ?? "" }).toString(),
    });
    expect(res.status).toBe(200);
    expect(s.requested().map((e) => e.detail)).toEqual([
      expect.objectContaining({
        action: "approve",
        rollout: "k8s-1.31",
        wave: "early",
        requestedBy: { channel: "link", receiver: "ops-teams", userId: null, userName: null },
      }),
    ]);
    // Were the approval delivered to chat-action (a rule out of date), it would act on nothing.
    expect(await s.work()).toEqual([{ ignored: "approval" }]);
    expect(s.since(mark)).toEqual([]);
  });
});
