import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { PathBehaviour } from "../../infra/local/sink/behaviour.ts";
import { startWebhookSink, type WebhookSink } from "../../infra/local/sink/server.ts";
import { createKeepAliveFetch } from "../../shared/client/transport.ts";
import { DeliveryError } from "../../shared/errors.ts";
import type { ShepherdEvent } from "../../shared/events/shepherdEvent.ts";
import { renderCloudEvent } from "../../shared/notify/channels/cloudEvent.ts";
import { renderSlack } from "../../shared/notify/channels/slack.ts";
import { renderTeams } from "../../shared/notify/channels/teams.ts";
import { type NotifyConfig, NotifyConfigSchema } from "../../shared/notify/config.ts";
import { type DeliverDeps, deliver } from "../../shared/notify/deliver.ts";
import type { DeliveryRequested } from "../../shared/notify/deliveryRequested.ts";
import {
  createReceiverSecrets,
  receiverSecretVariable,
} from "../../shared/notify/receiverSecrets.ts";
import { route } from "../../shared/notify/route.ts";
import type { LookupAll } from "../../shared/notify/urlPolicy.ts";
import { type FakeClock, fakeClock } from "../helpers/fakeClock.ts";
import { NOTIFIED, NOTIFIED_EVENTS, PROD_A, startedOn, T0 } from "../helpers/notifyEvents.ts";

/** A token in every URL and a signing key: tests assert neither ever reaches a log or an error. */
const TOKEN = "T0KEN-must-not-leak";
const KEY = "signing-key-must-not-leak";

interface Rig {
  sink: WebhookSink;
  clock: FakeClock;
  logs: { level: string; message: string; attributes: Record<string, unknown> }[];
  deps: DeliverDeps;
  config: NotifyConfig;
  /** Routes one event (or a batch) and delivers every delivery, as the deliver function would. */
  send(
    events: ShepherdEvent | ShepherdEvent[],
  ): Promise<(Awaited<ReturnType<typeof deliver>> | DeliveryError)[]>;
  /** The same, keyed by receiver (for one event, one delivery each). */
  sendOne(
    event: ShepherdEvent,
  ): Promise<Record<string, Awaited<ReturnType<typeof deliver>> | DeliveryError>>;
}

const fetch = createKeepAliveFetch();
let sink: WebhookSink;
let clock: FakeClock;
beforeAll(async () => {
  clock = fakeClock(T0 + 5_000);
  sink = await startWebhookSink({ now: () => clock.now() });
});
afterAll(() => sink.close());
afterEach(() => sink.clear());

interface ReceiverSpec {
  name: string;
  type: string;
  path: string;
  behaviour?: PathBehaviour;
  signingSecret?: string;
  extra?: Record<string, unknown>;
}

function rig(
  receivers: ReceiverSpec[],
  options: { lookup?: LookupAll; allowHttp?: boolean } = {},
): Rig {
  const env: NodeJS.ProcessEnv = {};
  for (const r of receivers) {
    sink.setBehaviour(r.path, r.behaviour ?? { vendor: r.type as never });
    const url = `${sink.urlFor(r.path)}?token=${TOKEN}`;
    env[receiverSecretVariable(r.name)] = JSON.stringify(
      r.type === "pagerduty"
        ? { url, routingKey: TOKEN }
        : { url, ...(r.signingSecret ? { signingSecret: r.signingSecret } : {}) },
    );
  }
  const config = NotifyConfigSchema.parse({
    receivers: receivers.map((r) => ({
      name: r.name,
      type: r.type,
      allowPrivateNetwork: true,
      ...r.extra,
    })),
    routes: [{ receivers: receivers.map((r) => r.name) }],
  });
  const logs: Rig["logs"] = [];
  const log = (level: string) => (message: string, attributes: Record<string, unknown>) =>
    logs.push({ level, message, attributes });
  const deps: DeliverDeps = {
    fetch,
    resolveSecret: createReceiverSecrets({ env }),
    lookup: options.lookup ?? (async () => [{ address: "127.0.0.1", family: 4 }]),
    now: clock.now,
    sleep: clock.sleep,
    random: () => 0.5,
    allowHttp: options.allowHttp ?? true,
    allowLoopback: false,
    logger: { info: log("info"), warn: log("warn"), error: log("error") },
  };
  return {
    sink,
    clock,
    logs,
    deps,
    config,
    send: async (events) =>
      Promise.all(
        route(events, config).map((d) => deliver(d, config, deps).catch((e: DeliveryError) => e)),
      ),
    sendOne: async (event) => {
      const deliveries = route(event, config);
      const results = await Promise.all(
        deliveries.map((d) => deliver(d, config, deps).catch((e: DeliveryError) => e)),
      );
      return Object.fromEntries(deliveries.map((d, i) => [d.receiver, results[i] as never]));
    },
  };
}

/** Nothing secret in what deliver logged or threw. */
function expectNoSecrets(r: Rig, results: unknown[]): void {
  const text = JSON.stringify({
    logs: r.logs,
    results: results.map((x) => (x instanceof Error ? x.message : x)),
  });
  expect(text).not.toContain(TOKEN);
  expect(text).not.toContain(KEY);
}

describe("deliver, through the local sink", () => {
  it("delivers every channel once, and each receives exactly the rendered payload", async () => {
    const channels = [
      "slack",
      "teams",
      "feishu",
      "dingtalk",
      "wecom",
      "pagerduty",
      "webhook",
      "cloudevents",
    ];
    const r = rig(
      channels.map((type) => ({
        name: type,
        type,
        path: `/${type}`,
        behaviour: { vendor: type as never },
        ...(type === "webhook" || type === "cloudevents" ? { signingSecret: KEY } : {}),
      })),
    );
    const event = NOTIFIED_EVENTS["Upgrade Failed"];
    const results = await r.send(event);
    expect(results.map((x) => (x instanceof Error ? x.message : x.outcome))).toEqual(
      channels.map(() => "delivered"),
    );
    for (const type of channels) expect(sink.deliveriesTo(`/${type}`), type).toHaveLength(1);
    expect(sink.deliveriesTo("/slack")[0]?.json).toEqual(renderSlack(event));
    expect(sink.deliveriesTo("/teams")[0]?.json).toEqual(renderTeams(event));
    expect(sink.deliveriesTo("/cloudevents")[0]?.json).toEqual(renderCloudEvent(event));
    expect(sink.deliveriesTo("/cloudevents")[0]?.headers["content-type"]).toBe(
      "application/cloudevents+json; charset=utf-8",
    );
    expect(sink.deliveriesTo("/pagerduty")[0]?.reply.status).toBe(202);
    expectNoSecrets(r, results);
  });

  it("retries a 500, then delivers", async () => {
    const r = rig([
      {
        name: "s",
        type: "slack",
        path: "/flaky",
        behaviour: { vendor: "slack", replies: [{ status: 500 }] },
      },
    ]);
    const waitsBefore = clock.waits.length;
    const [result] = await r.send(NOTIFIED_EVENTS["Upgrade Failed"]);
    expect(result).toMatchObject({ outcome: "delivered", attempts: 2 });
    expect(sink.deliveriesTo("/flaky").map((d) => d.reply.status)).toEqual([500, 200]);
    expect(clock.waits.slice(waitsBefore)).toEqual([250]);
  });

  it("honours Retry-After on a 429", async () => {
    const r = rig([
      {
        name: "s",
        type: "slack",
        path: "/throttled",
        behaviour: {
          vendor: "slack",
          replies: [{ status: 429, body: "rate_limited", headers: { "retry-after": "3" } }],
        },
      },
    ]);
    const waitsBefore = clock.waits.length;
    const [result] = await r.send(NOTIFIED_EVENTS["Upgrade Failed"]);
    expect(result).toMatchObject({ outcome: "delivered", attempts: 2 });
    expect(clock.waits.slice(waitsBefore)).toEqual([3000]);
  });

  it("leaves a Retry-After beyond its budget to Lambda's retry, without waiting", async () => {
    const r = rig([
      {
        name: "s",
        type: "slack",
        path: "/slow-down",
        behaviour: {
          vendor: "slack",
          replies: [{ status: 429, headers: { "retry-after": "120" } }],
        },
      },
    ]);
    const waitsBefore = clock.waits.length;
    const [result] = await r.send(NOTIFIED_EVENTS["Upgrade Failed"]);
    expect(result).toBeInstanceOf(DeliveryError);
    expect(result).toMatchObject({ retryable: true, status: 429, receiver: "s" });
    expect(sink.deliveriesTo("/slow-down")).toHaveLength(1);
    expect(clock.waits.slice(waitsBefore)).toEqual([]);
  });

  it("gives up on a lasting 5xx after its attempts, as a retryable DeliveryError with no URL in it", async () => {
    const r = rig([
      {
        name: "down",
        type: "webhook",
        path: "/down",
        signingSecret: KEY,
        behaviour: { replies: Array(5).fill({ status: 503 }) },
      },
    ]);
    const [result] = await r.send(NOTIFIED_EVENTS["Upgrade Failed"]);
    expect(result).toBeInstanceOf(DeliveryError);
    expect((result as DeliveryError).message).toBe("delivery to down failed: HTTP 503");
    expect(sink.deliveriesTo("/down")).toHaveLength(3);
    expect(r.logs.at(-1)).toMatchObject({
      level: "warn",
      attributes: { receiver: "down", status: 503 },
    });
    expectNoSecrets(r, [result]);
  });

  it("never retries another 4xx: a permanent failure is returned and logged, not thrown", async () => {
    const r = rig([
      {
        name: "gone",
        type: "slack",
        path: "/gone",
        behaviour: { replies: [{ status: 404, body: "no_service" }] },
      },
    ]);
    const [result] = await r.send(NOTIFIED_EVENTS["Upgrade Failed"]);
    expect(result).toMatchObject({
      outcome: "rejected",
      status: 404,
      code: "no_service",
      attempts: 1,
    });
    expect(sink.deliveriesTo("/gone")).toHaveLength(1);
    expect(r.logs.filter((l) => l.level === "error").map((l) => l.message)).toEqual([
      "delivery rejected",
    ]);
    expectNoSecrets(r, [result]);
  });

  it("does not follow a redirect", async () => {
    const r = rig([
      {
        name: "moved",
        type: "slack",
        path: "/moved",
        behaviour: {
          replies: [
            { status: 302, headers: { location: "http://169.254.169.254/latest/meta-data" } },
          ],
        },
      },
    ]);
    const [result] = await r.send(NOTIFIED_EVENTS["Upgrade Failed"]);
    expect(result).toMatchObject({ outcome: "rejected", status: 302 });
    expect(sink.deliveries).toHaveLength(1);
  });

  it("treats a robot's 200 with an error code as a failure", async () => {
    const r = rig([
      {
        name: "ding",
        type: "dingtalk",
        path: "/ding-keyword",
        behaviour: {
          vendor: "dingtalk",
          replies: [{ status: 200, body: { errcode: 310000, errmsg: "keywords not in content" } }],
        },
      },
      {
        name: "wecom",
        type: "wecom",
        path: "/wecom-busy",
        behaviour: {
          vendor: "wecom",
          replies: [{ status: 200, body: { errcode: 45009, errmsg: "api freq out of limit" } }],
        },
      },
      {
        name: "lark",
        type: "feishu",
        path: "/lark-busy",
        behaviour: {
          vendor: "feishu",
          replies: [{ status: 200, body: { code: 11232, msg: "frequency limited" } }],
        },
      },
    ]);
    const { ding, wecom, lark } = await r.sendOne(NOTIFIED_EVENTS["Upgrade Failed"]);
    expect(ding).toMatchObject({
      outcome: "rejected",
      code: "310000",
      reason: "dingtalk error 310000: keywords not in content",
    });
    expect(wecom).toBeInstanceOf(DeliveryError);
    expect((wecom as DeliveryError).message).toBe(
      "delivery to wecom failed: wecom error 45009: api freq out of limit",
    );
    expect(sink.deliveriesTo("/wecom-busy")).toHaveLength(1);
    expect(lark).toMatchObject({ outcome: "delivered", attempts: 2 });
  });

  it("fails in network errors with their code only, and retries them", async () => {
    const r = rig([{ name: "void", type: "slack", path: "/void" }]);
    const closed = await startWebhookSink();
    const port = closed.port;
    await closed.close();
    const env = { [receiverSecretVariable("void")]: `http://127.0.0.1:${port}/x?token=${TOKEN}` };
    const deps = { ...r.deps, resolveSecret: createReceiverSecrets({ env }) };
    const [d] = route(NOTIFIED_EVENTS["Upgrade Failed"], r.config);
    const error = await deliver(d as DeliveryRequested, r.config, deps).catch(
      (e: DeliveryError) => e,
    );
    expect(error).toBeInstanceOf(DeliveryError);
    expect((error as DeliveryError).message).toBe(
      "delivery to void failed: network error (ECONNREFUSED)",
    );
    expect(r.logs.filter((l) => l.message === "delivery retrying")).toHaveLength(2);
    expectNoSecrets(r, [error]);
  });
});

describe("per-receiver retries: a partial failure across receivers", () => {
  it("the receiver that got the message gets it exactly once, however often the other is retried", async () => {
    const r = rig([
      { name: "good", type: "slack", path: "/good" },
      {
        name: "bad",
        type: "webhook",
        path: "/bad",
        signingSecret: KEY,
        behaviour: { replies: Array(3).fill({ status: 500 }) },
      },
    ]);
    const deliveries = route(NOTIFIED_EVENTS["Upgrade Failed"], r.config);
    expect(deliveries.map((d) => d.receiver)).toEqual(["good", "bad"]);
    const outcomes = await Promise.all(
      deliveries.map((d) => deliver(d, r.config, r.deps).catch((e: Error) => e)),
    );
    expect(outcomes[0]).toMatchObject({ outcome: "delivered" });
    expect(outcomes[1]).toBeInstanceOf(DeliveryError);

    const bad = deliveries[1] as DeliveryRequested;
    const lambdaRetry = await deliver(bad, r.config, r.deps);
    expect(lambdaRetry).toMatchObject({ outcome: "delivered" });
    expect(sink.deliveriesTo("/good")).toHaveLength(1);
    expect(sink.deliveriesTo("/bad").map((d) => d.reply.status)).toEqual([500, 500, 500, 200]);
    expect(new Set(sink.deliveriesTo("/bad").map((d) => d.headers["x-shepherd-id"]))).toEqual(
      new Set([NOTIFIED_EVENTS["Upgrade Failed"].detail.id]),
    );
  });
});

describe("rate limits of the DingTalk and WeCom robots (20 a minute)", () => {
  const burst = (n: number) =>
    Array.from({ length: n }, (_, i) =>
      startedOn({ ...PROD_A, clusterId: `cluster-${String(i).padStart(3, "0")}`, name: `c${i}` }),
    );

  it("aggregating: 25 events become 3 messages, all accepted", async () => {
    const r = rig([
      {
        name: "ding",
        type: "dingtalk",
        path: "/ding-agg",
        behaviour: { vendor: "dingtalk", rateLimit: { perMinute: 20 } },
      },
    ]);
    const results = await r.send(burst(25));
    expect(results.map((x) => (x instanceof Error ? "error" : x.outcome))).toEqual([
      "delivered",
      "delivered",
      "delivered",
    ]);
    const got = sink
      .deliveriesTo("/ding-agg")
      .map((d) => (d.json as { markdown: { title: string } }).markdown.title);
    expect(got).toEqual(["10 upgrade events", "10 upgrade events", "5 upgrade events"]);
  });

  it("without aggregation the 21st message is refused in a 200, handed to Lambda's retry, and accepted a minute later", async () => {
    const r = rig([
      {
        name: "wecom",
        type: "wecom",
        path: "/wecom-one",
        behaviour: { vendor: "wecom", rateLimit: { perMinute: 20 } },
        extra: { aggregate: 1 },
      },
    ]);
    const deliveries = route(burst(22), r.config);
    expect(deliveries).toHaveLength(22);
    const results: unknown[] = [];
    for (const d of deliveries)
      results.push(await deliver(d, r.config, r.deps).catch((e: Error) => e));
    const failed = deliveries.filter((_, i) => results[i] instanceof DeliveryError);
    expect(failed).toHaveLength(2);
    expect(sink.deliveriesTo("/wecom-one")).toHaveLength(22);
    clock.advance(61_000);
    for (const d of failed)
      expect(await deliver(d, r.config, r.deps)).toMatchObject({ outcome: "delivered" });
    expect(
      sink
        .deliveriesTo("/wecom-one")
        .filter((d) => d.json !== undefined && d.reply.body.includes('"errcode":0')),
    ).toHaveLength(22);
  });
});

describe("signatures, verified by the sink", () => {
  it("generic webhook, CloudEvents, DingTalk and Feishu signatures verify", async () => {
    const r = rig(
      (["webhook", "cloudevents", "dingtalk", "feishu"] as const).map((type) => ({
        name: `${type}-signed`,
        type,
        path: `/${type}-signed`,
        signingSecret: KEY,
        behaviour: { vendor: type, verify: { secret: KEY } },
      })),
    );
    const results = await r.send(NOTIFIED_EVENTS["Postcheck Failed"]);
    expect(results.map((x) => (x instanceof Error ? x.message : x.outcome))).toEqual(
      Array(4).fill("delivered"),
    );
    expect(sink.deliveries.map((d) => d.signature)).toEqual(Array(4).fill("valid"));
    expectNoSecrets(r, results);
  });

  it("a wrong key is refused the way each vendor refuses it, and not retried", async () => {
    const r = rig([
      {
        name: "hook",
        type: "webhook",
        path: "/hook-k",
        signingSecret: "wrong-key",
        behaviour: { verify: { secret: KEY } },
      },
      {
        name: "lark",
        type: "feishu",
        path: "/lark-k",
        signingSecret: "wrong-key",
        behaviour: { vendor: "feishu", verify: { secret: KEY } },
      },
      {
        name: "ding",
        type: "dingtalk",
        path: "/ding-k",
        signingSecret: "wrong-key",
        behaviour: { vendor: "dingtalk", verify: { secret: KEY } },
      },
    ]);
    const { hook, lark, ding } = await r.sendOne(NOTIFIED_EVENTS["Upgrade Failed"]);
    expect(hook).toMatchObject({ outcome: "rejected", status: 401 });
    expect(lark).toMatchObject({ outcome: "rejected", code: "19021" });
    expect(ding).toMatchObject({ outcome: "rejected", code: "310000" });
    expect(sink.deliveries.map((d) => d.signature)).toEqual(["invalid", "invalid", "invalid"]);
  });

  it("a receiver deduplicates by X-Shepherd-Id: a repeated delivery is recognised", async () => {
    const r = rig([
      {
        name: "hook",
        type: "webhook",
        path: "/dedup",
        signingSecret: KEY,
        behaviour: { verify: { secret: KEY } },
      },
    ]);
    const [d] = route(NOTIFIED_EVENTS["Upgrade Failed"], r.config);
    await deliver(d as DeliveryRequested, r.config, r.deps);
    clock.advance(60_000);
    await deliver(d as DeliveryRequested, r.config, r.deps);
    const got = sink.deliveriesTo("/dedup");
    expect(got.map((x) => x.signature)).toEqual(["valid", "valid"]);
    expect(got[1]?.headers["x-shepherd-timestamp"]).not.toBe(
      got[0]?.headers["x-shepherd-timestamp"],
    );
    expect(got[1]?.duplicateOf).toBe(got[0]?.seq);
  });
});

describe("the SSRF guard", () => {
  it("refuses a receiver on loopback unless it is allowed, and sends nothing", async () => {
    const r = rig([
      { name: "inner", type: "slack", path: "/inner", extra: { allowPrivateNetwork: false } },
    ]);
    const [result] = await r.send(NOTIFIED_EVENTS["Upgrade Failed"]);
    expect(result).toMatchObject({
      outcome: "rejected",
      code: "url-policy",
      reason:
        "the host resolves to 127.0.0.1, a loopback address; set allowPrivateNetwork on the receiver to allow it",
    });
    expect(sink.deliveries).toHaveLength(0);
    expectNoSecrets(r, [result]);
  });

  it("in the local stack (http and loopback allowed), reaches the sink without allowPrivateNetwork", async () => {
    const r = rig([
      { name: "local", type: "slack", path: "/local", extra: { allowPrivateNetwork: false } },
    ]);
    const [d] = route(NOTIFIED_EVENTS["Upgrade Failed"], r.config);
    const result = await deliver(d as DeliveryRequested, r.config, {
      ...r.deps,
      allowLoopback: true,
    });
    expect(result).toMatchObject({ outcome: "delivered" });
    expect(sink.deliveriesTo("/local")).toHaveLength(1);
  });

  it("refuses a host name that resolves to the metadata service", async () => {
    const r = rig(
      [{ name: "meta", type: "slack", path: "/meta", extra: { allowPrivateNetwork: false } }],
      {
        lookup: async () => [{ address: "169.254.169.254", family: 4 }],
      },
    );
    const env = { [receiverSecretVariable("meta")]: `https://hooks.example.com/services/${TOKEN}` };
    const [d] = route(NOTIFIED_EVENTS["Upgrade Failed"], r.config);
    const result = await deliver(d as DeliveryRequested, r.config, {
      ...r.deps,
      resolveSecret: createReceiverSecrets({ env }),
    });
    expect(result).toMatchObject({ outcome: "rejected", code: "url-policy" });
    expect(JSON.stringify(result)).toContain("linkLocal");
  });

  it("refuses plain http outside the local stack", async () => {
    const r = rig([{ name: "plain", type: "slack", path: "/plain" }], { allowHttp: false });
    const [result] = await r.send(NOTIFIED_EVENTS["Upgrade Failed"]);
    expect(result).toMatchObject({ outcome: "rejected", code: "url-policy" });
    expect(sink.deliveries).toHaveLength(0);
  });
});

describe("what deliver drops", () => {
  it("a delivery for a receiver no longer in the config is dropped, not retried", async () => {
    const r = rig([{ name: "s", type: "slack", path: "/s" }]);
    const [d] = route(NOTIFIED_EVENTS["Upgrade Failed"], r.config);
    const result = await deliver(d as DeliveryRequested, { receivers: [], routes: [] }, r.deps);
    expect(result).toMatchObject({
      outcome: "dropped",
      reason: "the receiver is no longer configured",
    });
  });

  it("a secret that cannot be resolved is thrown (so the delivery lands in the on-failure queue)", async () => {
    const r = rig([{ name: "s", type: "slack", path: "/s" }]);
    const [d] = route(NOTIFIED_EVENTS["Upgrade Failed"], r.config);
    const error = await deliver(d as DeliveryRequested, r.config, {
      ...r.deps,
      resolveSecret: createReceiverSecrets({ env: {} }),
    }).catch((e: DeliveryError) => e);
    expect(error).toBeInstanceOf(DeliveryError);
    expect((error as DeliveryError).message).toMatch(/SHEPHERD_RECEIVER_S/);
  });

  it("every notified event delivers to a generic webhook", async () => {
    const r = rig([
      {
        name: "all",
        type: "webhook",
        path: "/all",
        signingSecret: KEY,
        behaviour: { verify: { secret: KEY } },
      },
    ]);
    const results = await r.send(NOTIFIED.map(([, e]) => e));
    expect(results.every((x) => !(x instanceof Error) && x.outcome === "delivered")).toBe(true);
    expect(sink.deliveriesTo("/all").map((d) => d.headers["x-shepherd-event"])).toEqual(
      NOTIFIED.map(([t]) => t),
    );
  });
});
