import { type LocalFunctionUrl, startFunctionUrl } from "../../infra/local/runner/functionUrl.ts";
import { configForSimulator } from "../../infra/local/simConfig.ts";
import { describeSimulator } from "../../infra/local/simulator/cli.ts";
import { createTestClock, type TestClock } from "../../infra/local/simulator/clock.ts";
import type { RequestLogEntry } from "../../infra/local/simulator/requestLog.ts";
import { type Simulator, startSimulator } from "../../infra/local/simulator/server.ts";
import { defaultBehaviours } from "../../infra/local/sink/cli.ts";
import {
  type SinkDelivery,
  startWebhookSink,
  type WebhookSink,
} from "../../infra/local/sink/server.ts";
import { createChatActionHandler } from "../../shared/chat/chatActionHandler.ts";
import { type ChatSecret, chatSecret } from "../../shared/chat/chatSecret.ts";
import { createButtonMaker } from "../../shared/chat/createButtonMaker.ts";
import { createSignedClient } from "../../shared/client/index.ts";
import { createKeepAliveFetch } from "../../shared/client/transport.ts";
import { loadShepherdConfig, type ShepherdConfig } from "../../shared/config/loadShepherdConfig.ts";
import { deliveryId } from "../../shared/events/deliveryDetails.ts";
import type { ShepherdEvent } from "../../shared/events/shepherdEvent.ts";
import { deliver } from "../../shared/notify/deliver.ts";
import {
  createReceiverSecrets,
  receiverSecretVariable,
} from "../../shared/notify/receiverSecrets.ts";
import { systemLookup } from "../../shared/notify/urlPolicy.ts";
import type { Telemetry } from "../../shared/observability/telemetry.ts";
import { ALWAYS, pollAt } from "../helpers/action-stack.ts";
import { actionsScenario } from "../helpers/actions-scenario.ts";
import { asBusEvent, type RecordedEvent, recordingBus } from "../helpers/recording-bus.ts";

export const MIN = 60_000;

/** The test deployment's chat secret: made up here, never a real one. */
export const SECRET = {
  tokenKey: "test-token-key-0123456789abcdef0123456789abcdef",
  slackSigningSecret: "test-slack-signing-secret-8f14e45fceea167a",
  feishuEncryptKey: "test-feishu-encrypt-key-c9f0f895fb98ab91",
  feishuVerificationToken: "test-feishu-verification-token-45c48cce",
};

export const ALICE = { id: "U0ALICE001", username: "alice" };
export const BOB = { id: "U0BOB00001", username: "bob" };
export const LI = "ou_7d8a6e6df7621556ce0d21922b676706cc";

/** Receivers of every button kind; a test can swap in its own. */
export const RECEIVERS = [
  {
    name: "ops-slack",
    type: "slack",
    allowPrivateNetwork: true,
    actions: { pressedBy: { slackUsers: [ALICE.id] } },
  },
  {
    name: "ops-feishu",
    type: "feishu",
    allowPrivateNetwork: true,
    actions: { pressedBy: { feishuOpenIds: [LI] } },
  },
  { name: "ops-teams", type: "teams", allowPrivateNetwork: true, actions: "anyone-with-the-link" },
];

export interface ChatStack {
  sim: Simulator;
  clock: TestClock;
  sink: WebhookSink;
  fnUrl: LocalFunctionUrl;
  shepherd: ShepherdConfig;
  /** Every PutEvents entry the handler made (EventBridge is the one fake). */
  bus: ReturnType<typeof recordingBus>;
  start: number;
  poll(ms: number): Promise<ShepherdEvent[]>;
  /** The real deliver, with buttons, to the sink; returns what the sink recorded. */
  deliverTo(receiver: string, event: ShepherdEvent): Promise<SinkDelivery>;
  /** Feeds every Action Requested the handler published (and not yet fed) back to it. */
  work(): Promise<unknown[]>;
  requested(): RecordedEvent[];
  since(mark: number): RequestLogEntry[];
  close(): Promise<void>;
}

/**
 * The simulator on a test clock, a config with receivers that carry buttons, the real chat-action
 * handler behind a local function URL, the real deliver posting to the sink, and the real signed
 * client. EventBridge is the one fake: a recording client. Clusters are alert-only by default,
 * so any action in these tests is a press.
 */
export async function startChatStack(
  options: {
    defaults?: Record<string, unknown>;
    overrides?: Record<string, Record<string, unknown>>;
    receivers?: Record<string, unknown>[];
    /** The config's `rollouts` (for Approve wave presses). */
    rollouts?: unknown[];
    secret?: Partial<typeof SECRET> & { slackBotToken?: string };
    /** The handler's logs and metrics (tests silence Powertools; one test reads its logs). */
    telemetry?: Telemetry;
  } = {},
): Promise<ChatStack> {
  const scenario = actionsScenario();
  const start = Date.parse(scenario.start);
  const clock = createTestClock(new Date(start));
  const sim = await startSimulator({ scenario, clock, gatewayClock: clock });
  const sink = await startWebhookSink({
    behaviours: defaultBehaviours(undefined, 1000),
    now: () => clock.now(),
  });
  const generated = configForSimulator(describeSimulator(sim) as never, {
    defaults: { maintenanceWindows: [ALWAYS], blastRadiusLimit: 10, ...options.defaults },
    ...(options.overrides ? { overrides: options.overrides } : {}),
  });
  const receivers = options.receivers ?? RECEIVERS;
  const config = {
    ...generated.config,
    receivers,
    routes: [{ receivers: receivers.map((r) => r.name) }],
    ...(options.rollouts ? { rollouts: options.rollouts } : {}),
  };
  const env: Record<string, string> = {
    ...generated.env,
    SHEPHERD_CONFIG_JSON: JSON.stringify(config),
  };
  for (const r of receivers) {
    env[receiverSecretVariable(String(r.name))] = JSON.stringify({
      url: sink.urlFor(`/${r.type}`),
    });
  }
  const shepherd = await loadShepherdConfig({ env });
  const secret: ChatSecret = chatSecret({ ...SECRET, ...options.secret });
  const client = createSignedClient({
    now: () => clock.now(),
    sleep: async () => {},
    random: () => 0.5,
  });
  const bus = recordingBus();
  const handler = createChatActionHandler({
    eventBridge: bus,
    loadSecret: async () => secret,
    client,
    now: () => clock.now(),
    config: { env },
    local: true,
    fetch: createKeepAliveFetch(),
    slackApiBase: sink.urlFor("/api/"),
    ...(options.telemetry ? { telemetry: options.telemetry } : {}),
  });
  const fnUrl = await startFunctionUrl((event) => handler(event, {} as never));
  const buttons = createButtonMaker({
    env: { SHEPHERD_CHAT_ACTION_URL: fnUrl.url },
    loadSecret: async () => secret,
  });
  let fed = 0;
  const requested = () => bus.events.filter((e) => e.detailType === "Action Requested");
  return {
    sim,
    clock,
    sink,
    fnUrl,
    shepherd,
    bus,
    start,
    poll: (ms) => pollAt(start + ms, { shepherd, client, clock }),
    deliverTo: async (receiver, event) => {
      const before = sink.deliveries.length;
      const result = await deliver(
        {
          id: deliveryId(receiver, [event.detail.id]),
          severity: "debug",
          receiver,
          channel: shepherd.config.receivers.find((r) => r.name === receiver)?.type ?? "slack",
          eventIds: [event.detail.id],
          events: [event],
        },
        shepherd.config,
        {
          fetch: createKeepAliveFetch(),
          resolveSecret: createReceiverSecrets({ env }),
          lookup: systemLookup,
          now: () => clock.now(),
          sleep: async () => {},
          allowHttp: true,
          allowLoopback: true,
          buttons,
        },
      );
      const got = sink.deliveries[before];
      if (result.outcome !== "delivered" || !got)
        throw new Error(`not delivered: ${JSON.stringify(result)}`);
      return got;
    },
    work: async () => {
      const out: unknown[] = [];
      for (const e of requested().slice(fed)) {
        fed++;
        out.push(await handler(asBusEvent(e), {} as never));
      }
      return out;
    },
    requested,
    since: (mark) => sim.requests.slice(mark),
    close: async () => {
      await fnUrl.close();
      await sink.close();
      await sim.close();
    },
  };
}

/** The cluster event of that type for that cluster name in a poll's output. */
export function eventFor(
  events: readonly ShepherdEvent[],
  type: string,
  name: string,
): ShepherdEvent {
  const found = events.find(
    (e) => e.detailType === type && "cluster" in e.detail && e.detail.cluster.name === name,
  );
  if (!found) throw new Error(`no ${type} for ${name}`);
  return found;
}

/** What could change the cloud: every request but a GET. */
export const writes = (requests: readonly RequestLogEntry[]): RequestLogEntry[] =>
  requests.filter((r) => r.method !== "GET");
