import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPollStatusHandler } from "../../functions/poll-status/createHandler.ts";
import { createTestClock } from "../../infra/local/simulator/clock.ts";
import { parseScenario } from "../../infra/local/simulator/loadScenario.ts";
import { type Simulator, startSimulator } from "../../infra/local/simulator/server.ts";
import { startWebhookSink, type WebhookSink } from "../../infra/local/sink/server.ts";
import { createSignedClient } from "../../shared/client/index.ts";
import { credentialsVariable } from "../../shared/config/loadCredentials.ts";
import { recordingBus, scheduledEvent } from "../helpers/recording-bus.ts";

// Clusters only discovery knows are kept quiet too, with their source's section: the real
// poll-status handler, signed client and simulator (ACK's DescribeClustersV1 and tasks), and the
// webhook sink playing Alertmanager's API v2, over loopback on one test clock. EventBridge is the
// one fake (a recording client).
const MIN = 60_000;
const ALI = { ak: "ALIQUIETDISCOVER0001", sk: "ali-quiet-secret" };
const START = "2025-01-15T02:00:00Z";
const T = new Date(Date.parse(START) + 10 * MIN);
// Started at 02:06, inside the window of T = 02:10 ((02:03, 02:08] with the default 2m lag).
const running = {
  startAt: "6m",
  timeline: [{ phase: "upgrade", duration: "30m", progressTo: 50 }, { phase: "success" }],
};
const ack = (i: number, tags: Record<string, string>) => ({
  provider: "ack",
  region: "cn-hangzhou",
  clusterId: `q${String(i).padStart(32, "0")}`,
  name: `ack-quiet-${i}`,
  version: "1.30.1-aliyun.1",
  targetVersion: "1.31.1-aliyun.1",
  credentials: ALI.ak,
  tags: { env: "prod", ...tags },
  upgrade: running,
});

let sim: Simulator;
let sink: WebhookSink;
beforeAll(async () => {
  const scenario = parseScenario({
    name: "discovered-quiet",
    start: START,
    credentials: [ALI],
    ackUpgradeTaskType: "cluster_upgrade",
    // Cluster 2 has no `team` tag: its matcher template cannot be rendered for it.
    clusters: [ack(1, { team: "payments" }), ack(2, {})],
  });
  const clock = createTestClock(new Date(T.getTime() + 5_000));
  sim = await startSimulator({ scenario, clock });
  sink = await startWebhookSink({ now: clock.now, alertmanager: {} });
});
afterAll(async () => {
  await sink.close();
  await sim.close();
});

describe("quiet during upgrade for discovered clusters", () => {
  it("silences a discovered cluster with its source's section and labels, and reports one whose template does not render", async () => {
    const config = {
      poll: { concurrency: { requestsPerSecond: 1000 }, ackUpgradeTaskType: "cluster_upgrade" },
      discover: {
        ack: [
          {
            name: "ali-prod",
            credentials: "ali",
            endpoint: sim.url,
            regions: ["cn-hangzhou"],
            labels: { fromTags: ["team"] },
            overrides: {
              quietDuringUpgrade: {
                targets: [
                  {
                    name: "prod-am",
                    type: "alertmanager",
                    url: `${sink.url}/alertmanager`,
                    matchers: ['cluster="{name}"', 'team="{labels.team}"'],
                  },
                ],
              },
            },
          },
        ],
      },
    };
    const bus = recordingBus();
    const handler = createPollStatusHandler({
      eventBridge: bus,
      client: createSignedClient({ sleep: async () => {}, retry: { maxAttempts: 1 } }),
      now: () => new Date(T.getTime() + 5_000),
      config: {
        env: {
          [credentialsVariable("ali")]: JSON.stringify(ALI),
          IS_OFFLINE: "true",
          SHEPHERD_CONFIG_JSON: JSON.stringify(config),
        },
      },
    });
    const summary = (await handler(scheduledEvent(T), {} as never)) as Record<string, unknown>;
    expect(summary.silenceCalls).toEqual({ "list ok": 1, "create ok": 1, "list failed": 1 });
    const silences = sink.alertmanager?.silences ?? [];
    expect(silences.map((s) => s.matchers.map((m) => `${m.name}=${m.value}`))).toEqual([
      ["cluster=ack-quiet-1", "team=payments"],
    ]);
    const silenced = bus.events.filter((e) => e.detailType === "Alerts Silenced");
    expect(silenced.map((e) => e.detail)).toEqual([
      expect.objectContaining({
        cluster: expect.objectContaining({ name: "ack-quiet-1" }),
        silence: expect.objectContaining({
          id: silences[0]?.id,
          matchers: ['cluster="ack-quiet-1"', 'team="payments"'],
        }),
      }),
    ]);
    // Both upgrades are still announced: a target that fails for one cluster loses no event.
    const started = bus.events.filter((e) => e.detailType === "Upgrade Started");
    expect(started.map((e) => (e.detail.cluster as { name: string }).name).sort()).toEqual([
      "ack-quiet-1",
      "ack-quiet-2",
    ]);
  });
});
