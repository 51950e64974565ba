import { afterEach, describe, expect, it } from "vitest";
import { createDeliverHandler } from "../../functions/deliver/createHandler.ts";
import { createNotifyHandler } from "../../functions/notify/createHandler.ts";
import { createPollStatusHandler } from "../../functions/poll-status/createHandler.ts";
import { busEvent } from "../../infra/local/busEvents.ts";
import { defaultBehaviours } from "../../infra/local/sink/cli.ts";
import { startWebhookSink, type WebhookSink } from "../../infra/local/sink/server.ts";
import { createActionHandler, type RunDue } from "../../shared/actions/actionHandler.ts";
import { runCancel } from "../../shared/actions/runCancel.ts";
import { runPostcheck } from "../../shared/actions/runPostcheck.ts";
import { runResume } from "../../shared/actions/runResume.ts";
import { FakeSecretsManager } from "../config/helpers/fakeAws.ts";
import { NOTIFIED_EVENTS } from "../helpers/notifyEvents.ts";
import { type RecordedEvent, recordingBus } from "../helpers/recording-bus.ts";

// Each function loads only the slice of config it needs. AWS cannot run here, so Secrets
// Manager is FakeSecretsManager, which answers GetSecretValue as the API does and records every
// call; EventBridge is the recording bus. The handlers, the config middleware, the secret store
// and the webhook sink (over loopback) are the real ones. Both secret prefixes are set for every
// function, so a function that reads no credential set does so because it does not ask, not
// because its environment hides them.
const CREDENTIALS = "upgrade-shepherd/test/credentials/";
const RECEIVERS = "upgrade-shepherd/test/receivers/";
const SIGNING_SECRET = "sink-signing-secret";

let sink: WebhookSink | undefined;
afterEach(async () => {
  await sink?.close();
  sink = undefined;
});

function stage(sinkUrl = "https://hooks.example.com") {
  const document = {
    clusters: [
      { provider: "ack", region: "cn-hangzhou", clusterId: "c1", credentials: "alibaba-prod" },
      { provider: "ack", region: "cn-beijing", clusterId: "c2", credentials: "alibaba-dev" },
    ],
    receivers: [{ name: "ops-webhook", type: "webhook", allowPrivateNetwork: true }],
    routes: [{ receivers: ["ops-webhook"] }],
  };
  const env = {
    SHEPHERD_CONFIG_JSON: JSON.stringify(document),
    SHEPHERD_CREDENTIALS_SECRET_PREFIX: CREDENTIALS,
    SHEPHERD_RECEIVER_SECRET_PREFIX: RECEIVERS,
  };
  const secretsManager = new FakeSecretsManager({
    [`${CREDENTIALS}alibaba-prod`]: JSON.stringify({ ak: "ak-prod", sk: "sk-prod" }),
    [`${CREDENTIALS}alibaba-dev`]: JSON.stringify({ ak: "ak-dev", sk: "sk-dev" }),
    [`${RECEIVERS}ops-webhook`]: JSON.stringify({
      url: `${sinkUrl}/webhook`,
      signingSecret: SIGNING_SECRET,
    }),
  });
  const secretIds = () => secretsManager.inputs.map((i) => i.SecretId).sort();
  return { config: { env, secretsManager }, secretIds, bus: recordingBus() };
}

/** An event no function accepts: the config middleware runs (cold start), then parse throws. */
const NOT_AN_EVENT = { hello: "world" };

describe("each function loads only its slice of config", () => {
  it("poll-status reads each credential set its inventory names, once, and no receiver secret", async () => {
    const s = stage();
    const handler = createPollStatusHandler({ config: s.config, eventBridge: s.bus });
    await expect(handler(NOT_AN_EVENT, {} as never)).rejects.toThrow();
    expect(s.secretIds()).toEqual([`${CREDENTIALS}alibaba-dev`, `${CREDENTIALS}alibaba-prod`]);
  });

  it.each([
    ["trigger-postcheck", "Postcheck Due", runPostcheck],
    ["cancel-on-failure", "Cancel Due", runCancel],
    ["resume-upgrade", "Resume Due", runResume],
  ] as const)("%s reads the credential sets, and no receiver secret", async (name, type, run) => {
    const s = stage();
    const handler = createActionHandler(name, type, run as RunDue<typeof type>, {
      config: s.config,
      eventBridge: s.bus,
    });
    await expect(handler(NOT_AN_EVENT, {} as never)).rejects.toThrow();
    expect(s.secretIds()).toEqual([`${CREDENTIALS}alibaba-dev`, `${CREDENTIALS}alibaba-prod`]);
  });

  it("notify reads no secret at all, at cold start or while it routes", async () => {
    const s = stage();
    const notify = createNotifyHandler({ config: s.config, eventBridge: s.bus });
    const failed = NOTIFIED_EVENTS["Upgrade Failed"];
    const summary = await notify(busEvent(failed), {} as never);
    expect(summary).toMatchObject({ events: 1, deliveries: 1, putEventsCalls: 1 });
    expect(s.bus.events.map((e) => e.detailType)).toEqual(["Delivery Requested"]);
    expect(s.secretIds()).toEqual([]);
  });

  it("deliver reads no secret at cold start, then only the secret of the receiver it delivers to", async () => {
    sink = await startWebhookSink({ behaviours: defaultBehaviours(SIGNING_SECRET, 20) });
    const s = stage(sink.url);
    const deliver = createDeliverHandler({
      config: s.config,
      local: true,
      sleep: async () => {},
    });
    await expect(deliver(NOT_AN_EVENT, {} as never)).rejects.toThrow();
    expect(s.secretIds()).toEqual([]);

    const notify = createNotifyHandler({ config: s.config, eventBridge: s.bus });
    await notify(busEvent(NOTIFIED_EVENTS["Upgrade Failed"]), {} as never);
    const request = s.bus.events[0] as RecordedEvent;
    await expect(deliver(busEvent(request), {} as never)).resolves.toMatchObject({
      outcome: "delivered",
      receiver: "ops-webhook",
    });
    expect(s.secretIds()).toEqual([`${RECEIVERS}ops-webhook`]);
    expect(sink.deliveriesTo("/webhook").map((d) => d.signature)).toEqual(["valid"]);
  });
});
