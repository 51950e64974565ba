import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { runSink } from "../../cli/sink.ts";
import { startWebhookSink, type WebhookSink } from "../../infra/local/sink/server.ts";
import { captureIo } from "../helpers/capture-io.ts";
import { fakeClock } from "../helpers/fakeClock.ts";

const post = (url: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });

let sink: WebhookSink | undefined;
afterEach(async () => {
  await sink?.close();
  sink = undefined;
});

describe("the webhook sink", () => {
  it("records path, query, headers, body and time, and answers like each vendor", async () => {
    const clock = fakeClock(Date.parse("2025-03-01T10:00:00Z"));
    sink = await startWebhookSink({
      now: clock.now,
      behaviours: {
        "/slack": { vendor: "slack" },
        "/teams": { vendor: "teams" },
        "/dingtalk": { vendor: "dingtalk" },
        "/feishu": { vendor: "feishu" },
        "/pagerduty": { vendor: "pagerduty" },
      },
    });
    expect(sink.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const answers = [];
    for (const path of ["/slack", "/teams", "/dingtalk", "/feishu"]) {
      const res = await post(`${sink.urlFor(path)}?access_token=t`, { hello: path });
      answers.push([res.status, await res.text()]);
    }
    const pd = await post(sink.urlFor("/pagerduty"), { dedup_key: "k1" });
    expect(answers).toEqual([
      [200, "ok"],
      [202, ""],
      [200, '{"errcode":0,"errmsg":"ok"}'],
      [200, '{"code":0,"msg":"success","data":{}}'],
    ]);
    expect(await pd.json()).toEqual({
      status: "success",
      message: "Event processed",
      dedup_key: "k1",
    });
    expect(sink.deliveries[2]).toMatchObject({
      seq: 3,
      at: "2025-03-01T10:00:00.000Z",
      method: "POST",
      path: "/dingtalk",
      query: { access_token: "t" },
      json: { hello: "/dingtalk" },
      signature: "unchecked",
    });
  });

  it("plays status sequences, then answers normally", async () => {
    sink = await startWebhookSink({
      behaviours: {
        "/seq": {
          replies: [{ status: 500 }, { status: 429, headers: { "retry-after": "7" } }],
        },
      },
    });
    const statuses = [];
    for (let i = 0; i < 3; i++) {
      const res = await post(sink.urlFor("/seq"), {});
      statuses.push([res.status, res.headers.get("retry-after")]);
    }
    expect(statuses).toEqual([
      [500, null],
      [429, "7"],
      [200, null],
    ]);
  });

  it("rate-limits like a robot: the 21st message in a minute gets the vendor's error in a 200", async () => {
    const clock = fakeClock(0);
    sink = await startWebhookSink({
      now: clock.now,
      behaviours: {
        "/ding": { vendor: "dingtalk", rateLimit: { perMinute: 20 } },
        "/wecom": { vendor: "wecom", rateLimit: { perMinute: 2 } },
        "/plain": { rateLimit: { perMinute: 1 } },
      },
    });
    for (let i = 0; i < 20; i++) await post(sink.urlFor("/ding"), {});
    const over = await post(sink.urlFor("/ding"), {});
    expect([over.status, await over.json()]).toEqual([
      200,
      { errcode: 410100, errmsg: "send too fast, exceed 20 times per minute" },
    ]);
    await post(sink.urlFor("/wecom"), {});
    await post(sink.urlFor("/wecom"), {});
    expect(await (await post(sink.urlFor("/wecom"), {})).json()).toEqual({
      errcode: 45009,
      errmsg: "api freq out of limit",
    });
    await post(sink.urlFor("/plain"), {});
    const plain = await post(sink.urlFor("/plain"), {});
    expect([plain.status, plain.headers.get("retry-after")]).toEqual([429, "60"]);
    clock.advance(60_000);
    expect(await (await post(sink.urlFor("/ding"), {})).json()).toEqual({
      errcode: 0,
      errmsg: "ok",
    });
  });

  it("answers a bad signature like the vendor: 401, or DingTalk's 310000 and Feishu's 19021 in a 200", async () => {
    sink = await startWebhookSink({
      behaviours: {
        "/hook": { verify: { secret: "k" } },
        "/ding": { vendor: "dingtalk", verify: { secret: "k" } },
        "/lark": { vendor: "feishu", verify: { secret: "k" } },
      },
    });
    const hook = await post(
      sink.urlFor("/hook"),
      {},
      { "x-shepherd-timestamp": "1", "x-shepherd-signature": "v1=00" },
    );
    const ding = await post(`${sink.urlFor("/ding")}?timestamp=1&sign=abc`, {});
    const lark = await post(sink.urlFor("/lark"), { timestamp: "1", sign: "abc" });
    expect(hook.status).toBe(401);
    expect(((await ding.json()) as { errcode: number }).errcode).toBe(310000);
    expect(((await lark.json()) as { code: number }).code).toBe(19021);
    expect(sink.deliveries.map((d) => [d.signature, d.signatureProblem])).toEqual([
      ["invalid", "timestamp outside the replay window"],
      ["invalid", "timestamp is more than an hour away"],
      ["invalid", "timestamp is more than an hour away"],
    ]);
  });

  it("clear forgets deliveries and restarts sequences", async () => {
    sink = await startWebhookSink({ behaviours: { "/x": { replies: [{ status: 503 }] } } });
    expect((await post(sink.urlFor("/x"), {})).status).toBe(503);
    sink.clear();
    expect(sink.deliveries).toHaveLength(0);
    expect((await post(sink.urlFor("/x"), {})).status).toBe(503);
  });
});

describe("upgrade-shepherd sink (CLI)", () => {
  it("prints the URL and one path per vendor first, records, and stops on abort", async () => {
    const io = captureIo();
    const controller = new AbortController();
    const done = runSink(["--secret", "k", "--json"], io, controller.signal);
    while (io.stdout() === "") await new Promise((r) => setImmediate(r));
    const first = JSON.parse(io.stdout().split("\n")[0] ?? "");
    expect(first.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(Object.keys(first.paths)).toEqual([
      "slack",
      "teams",
      "feishu",
      "dingtalk",
      "wecom",
      "pagerduty",
      "webhook",
      "cloudevents",
    ]);
    expect(first.silences).toEqual({
      alertmanager: `${first.url}/alertmanager`,
      pagerduty: `${first.url}/pagerduty-api`,
    });
    const res = await post(first.paths.webhook, { a: 1 });
    expect(res.status).toBe(401);
    expect(io.stderr()).toContain("POST /webhook -> 401");
    expect(io.stderr()).toContain("signature invalid");
    const line = JSON.parse(io.stdout().split("\n")[1] ?? "");
    expect(line).toMatchObject({ path: "/webhook", json: { a: 1 } });
    controller.abort();
    expect(await done).toBe(0);
    expect(io.stderr()).toContain("stopped after 1 deliveries");
  });

  it("merges a behaviours file over the defaults, and refuses a bad one with usage", async () => {
    const dir = await mkdtemp(join(tmpdir(), "sink-"));
    const good = join(dir, "b.yaml");
    await writeFile(good, '"/slack":\n  vendor: slack\n  replies:\n    - status: 500\n');
    const io = captureIo();
    const controller = new AbortController();
    const done = runSink(["--behaviours", good], io, controller.signal);
    while (io.stdout() === "") await new Promise((r) => setImmediate(r));
    const { paths } = JSON.parse(io.stdout().split("\n")[0] ?? "");
    expect((await post(paths.slack, {})).status).toBe(500);
    expect((await post(paths.slack, {})).status).toBe(200);
    controller.abort();
    await done;

    const bad = join(dir, "bad.yaml");
    await writeFile(bad, '"/slack":\n  vendr: slack\n');
    const io2 = captureIo();
    expect(await runSink(["--behaviours", bad], io2, new AbortController().signal)).toBe(2);
    expect(io2.stderr()).toContain("usage: upgrade-shepherd sink");
    expect(await runSink(["--port", "x"], captureIo(), new AbortController().signal)).toBe(2);
  });
});
