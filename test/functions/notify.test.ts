import { afterEach, describe, expect, it } from "vitest";
import { createDeliverHandler } from "../../functions/deliver/createHandler.ts";
import { createNotifyHandler } from "../../functions/notify/createHandler.ts";
import { createPollStatusHandler } from "../../functions/poll-status/createHandler.ts";
import { sinkReceivers } from "../../infra/local/runner/sinkReceivers.ts";
import { configForSimulator } from "../../infra/local/simConfig.ts";
import { describeSimulator } from "../../infra/local/simulator/cli.ts";
import { createTestClock } from "../../infra/local/simulator/clock.ts";
import { loadScenario } from "../../infra/local/simulator/loadScenario.ts";
import { type Simulator, startSimulator } from "../../infra/local/simulator/server.ts";
import { defaultBehaviours } from "../../infra/local/sink/cli.ts";
import { startWebhookSink, type WebhookSink } from "../../infra/local/sink/server.ts";
import { createSignedClient } from "../../shared/client/index.ts";
import { createReceiverSecrets } from "../../shared/notify/receiverSecrets.ts";
import {
  asBusEvent,
  type RecordedEvent,
  recordingBus,
  scheduledEvent,
} from "../helpers/recording-bus.ts";

// The real notify and deliver handlers, fed by the real poll-status handler's events from the
// simulator, delivering to the local webhook sink over loopback. EventBridge is the one fake.
const MIN = 60_000;
const SECRET = "sink-signing-secret";
let sim: Simulator | undefined;
let sink: WebhookSink | undefined;
afterEach(async () => {
  await sim?.close();
  await sink?.close();
});

async function setup() {
  const scenario = await loadScenario("demo");
  const start = Date.parse(scenario.start);
  sim = await startSimulator({
    scenario,
    clock: createTestClock(new Date(start + 20 * MIN + 5_000)),
  });
  sink = await startWebhookSink({
    behaviours: {
      ...defaultBehaviours(SECRET, 20),
      "/teams": { vendor: "teams", replies: [{ status: 503 }, { status: 503 }, { status: 503 }] },
    },
  });
  const channels = sinkReceivers(sink.url, SECRET);
  const generated = configForSimulator(describeSimulator(sim) as never, {});
  const env = { ...generated.env, ...channels.env };
  const config = {
    env: {
      ...env,
      SHEPHERD_CONFIG_JSON: JSON.stringify({
        ...generated.config,
        receivers: channels.receivers,
        routes: channels.routes,
      }),
    },
  };
  const bus = recordingBus();
  await createPollStatusHandler({
    eventBridge: bus,
    client: createSignedClient({ sleep: async () => {} }),
    config,
  })(scheduledEvent(new Date(start + 20 * MIN)), {} as never);
  const notify = createNotifyHandler({ eventBridge: bus, config });
  const deliver = createDeliverHandler({
    resolveSecret: createReceiverSecrets({ env }),
    local: true,
    sleep: async () => {},
    config,
  });
  return { bus, notify, deliver };
}

describe("notify and deliver through the sink", () => {
  it("routes one delivery per (event, receiver) and delivers each to its receiver alone", async () => {
    const { bus, notify, deliver } = await setup();
    const failed = bus.events.find(
      (e) =>
        e.detailType === "Upgrade Failed" &&
        (e.detail.cluster as { name: string }).name === "autopilot-fail",
    ) as RecordedEvent;
    const from = bus.events.length;
    const summary = await notify(asBusEvent(failed), {} as never);
    expect(summary).toMatchObject({ events: 1, deliveries: 8 });
    const requests = bus.events.slice(from).filter((e) => e.detailType === "Delivery Requested");
    expect(requests.map((r) => r.detail.receiver).sort()).toEqual(
      ["cloudevents", "dingtalk", "feishu", "pagerduty", "slack", "teams", "webhook", "wecom"].map(
        (c) => `sink-${c}`,
      ),
    );
    const outcomes: string[] = [];
    for (const r of requests) {
      const result = await deliver(asBusEvent(r), {} as never).then(
        (ok) => (ok as { outcome: string }).outcome,
        (error: Error) => `threw ${error.name}: ${error.message}`,
      );
      outcomes.push(`${r.detail.receiver} ${result}`);
    }
    expect(outcomes.sort()).toEqual([
      "sink-cloudevents delivered",
      "sink-dingtalk delivered",
      "sink-feishu delivered",
      "sink-pagerduty delivered",
      "sink-slack delivered",
      "sink-teams threw DeliveryError: delivery to sink-teams failed: HTTP 503",
      "sink-webhook delivered",
      "sink-wecom delivered",
    ]);
    // Teams kept failing (three 503s): only it is left to Lambda's retry; the others got one each.
    for (const path of ["/slack", "/webhook", "/pagerduty", "/dingtalk"]) {
      expect(sink?.deliveriesTo(path)).toHaveLength(1);
    }
    expect(sink?.deliveriesTo("/teams")).toHaveLength(3);
    const webhook = sink?.deliveriesTo("/webhook")[0];
    expect(webhook?.signature).toBe("valid");
    expect(webhook?.headers["x-shepherd-id"]).toBe(failed.detail.id);
    const slack = JSON.stringify(sink?.deliveriesTo("/slack")[0]?.json);
    expect(slack).toContain("autopilot-fail");
    expect(JSON.stringify(sink?.deliveries)).not.toContain(SECRET);

    // Lambda retries Teams' delivery; the sink now answers, and Teams gets its one message.
    const teams = requests.find((r) => r.detail.receiver === "sink-teams") as RecordedEvent;
    await expect(deliver(asBusEvent(teams), {} as never)).resolves.toMatchObject({
      outcome: "delivered",
    });
    expect(sink?.deliveriesTo("/slack")).toHaveLength(1);
  });

  it("reads an SQS batch, and reports only the record it cannot read", async () => {
    const { bus, notify } = await setup();
    const failed = bus.events.find((e) => e.detailType === "Upgrade Failed") as RecordedEvent;
    const summary = await notify(
      {
        Records: [
          { messageId: "m1", body: JSON.stringify(asBusEvent(failed)) },
          { messageId: "m2", body: "{not json" },
        ],
      },
      {} as never,
    );
    expect(summary).toMatchObject({
      events: 1,
      deliveries: 8,
      batchItemFailures: [{ itemIdentifier: "m2" }],
    });
  });

  it("sends nothing for the events a rule would not notify by default", async () => {
    const { bus, notify } = await setup();
    const due = bus.events.find((e) => e.detailType === "Cancel Due") as RecordedEvent;
    await expect(notify(asBusEvent(due), {} as never)).resolves.toMatchObject({ deliveries: 0 });
  });
});
