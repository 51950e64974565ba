import { afterEach, describe, expect, it } from "vitest";
import { createPollStatusHandler } from "../../functions/poll-status/createHandler.ts";
import { busEvent } from "../../infra/local/busEvents.ts";
import { createTestClock } from "../../infra/local/simulator/clock.ts";
import { parseScenario } from "../../infra/local/simulator/loadScenario.ts";
import { type Simulator, startSimulator } from "../../infra/local/simulator/server.ts";
import { createStartUpgradeHandler } from "../../shared/actions/startUpgradeHandler.ts";
import { createSignedClient } from "../../shared/client/index.ts";
import { credentialsVariable } from "../../shared/config/loadCredentials.ts";
import { hashId } from "../../shared/events/eventId.ts";
import { ShepherdEventSchema } from "../../shared/events/shepherdEvent.ts";
import { recordingBus } from "../helpers/recording-bus.ts";

// An approval in a fleet that is discovered, not listed: poll-status lists the `discover`
// source as a scheduled run does, reads the rollout's clusters and starts the approved wave's
// first one; start-upgrade finds the discovered cluster from the event. The simulator over
// 127.0.0.1, the real handlers and signed client; EventBridge is the one fake (recorded).
const MIN = 60_000;
const ALI = { ak: "ALIAPPROVEDISC000001", sk: "ali-approve-secret" };
const START = "2026-11-02T00:00:00Z";
const cluster = (i: number, tags: Record<string, string>) => ({
  provider: "ack",
  region: "cn-hangzhou",
  clusterId: `c0ffee${String(i).padStart(26, "0")}`,
  name: `ack-${i}`,
  version: "1.30.1-aliyun.1",
  targetVersion: "1.31.1-aliyun.1",
  credentials: ALI.ak,
  tags,
  upgrade: {
    startAt: "onRequest",
    ackAddonUpgradeAfter: false,
    timeline: [{ phase: "upgrade", duration: "10m" }, { phase: "success" }],
  },
});

let sim: Simulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

describe("Approve wave in a discovered fleet", () => {
  it("lists the source as a scheduled run does, and starts the wave's first discovered cluster", async () => {
    const scenario = parseScenario({
      name: "approve-discovered",
      start: START,
      credentials: [ALI],
      clusters: [
        cluster(1, { env: "prod" }),
        cluster(2, { env: "prod" }),
        cluster(3, { env: "prod" }),
        cluster(4, { env: "dev" }),
      ],
    });
    const clock = createTestClock(new Date(Date.parse(START) + 10 * MIN));
    sim = await startSimulator({ scenario, clock, gatewayClock: clock });
    const config = {
      defaults: {
        maintenanceWindows: [{ timeZone: "UTC", days: ["mon"], start: "00:00", end: "24:00" }],
      },
      discover: {
        ack: [
          {
            name: "ali-prod",
            credentials: "ali",
            endpoint: sim.url,
            regions: ["cn-hangzhou"],
            filters: { tags: { env: "prod" } },
            labels: { fromTags: ["env"] },
          },
        ],
      },
      clusters: [],
      rollouts: [
        {
          name: "k8s-1.31",
          target: { ack: "1.31.1-aliyun.1" },
          clusters: { labels: { env: "prod" } },
          waves: [{ name: "all", maxConcurrent: 1, approval: "chat" }],
        },
      ],
    };
    const env = {
      [credentialsVariable("ali")]: JSON.stringify(ALI),
      SHEPHERD_CONFIG_JSON: JSON.stringify(config),
      IS_OFFLINE: "true",
    };
    const bus = recordingBus();
    const deps = {
      eventBridge: bus,
      client: createSignedClient({
        now: () => clock.now(),
        sleep: async () => {},
        random: () => 0.5,
      }),
      now: () => clock.now(),
      config: { env },
    };
    const at = clock.now().toISOString();
    const requestId = hashId(["Action Requested", "discovered-approve"]);
    await createPollStatusHandler(deps)(
      busEvent({
        detailType: "Action Requested",
        time: at,
        detail: {
          id: requestId,
          severity: "info",
          window: { t: at, start: at, end: at },
          action: "approve",
          rollout: "k8s-1.31",
          wave: "all",
          requestedBy: { channel: "link", receiver: "ops-teams", userId: null, userName: null },
          expiresAt: new Date(clock.now().getTime() + 60 * MIN).toISOString(),
        },
      }),
      {} as never,
    );
    // Listed, then read: the prod clusters' upgrades (the dev cluster is not in the inventory).
    const read = new Set(sim.requests.filter((r) => r.clusterId).map((r) => r.clusterId));
    expect(read.has(cluster(4, {}).clusterId)).toBe(false);
    expect(sim.requests.filter((r) => r.operation === "UpgradeCluster")).toEqual([]);
    expect(bus.events.map((e) => e.detailType)).toEqual(["Upgrade Due"]);
    const due = ShepherdEventSchema.parse(bus.events[0]);
    if (due.detailType !== "Upgrade Due") throw new Error(due.detailType);
    expect(due.detail).toMatchObject({
      rollout: "k8s-1.31",
      wave: "all",
      upgradesDue: 1,
      requestedBy: { channel: "link", receiver: "ops-teams" },
      cluster: { provider: "ack", source: "ali-prod", labels: { env: "prod" } },
    });

    // start-upgrade resolves the discovered cluster from the event and starts it.
    // An approved start waits for the precheck it runs: on the test clock, a sleep moves it.
    const sleep = async (ms: number) => clock.set(new Date(clock.now().getTime() + ms));
    await createStartUpgradeHandler({ ...deps, sleep })(busEvent(due), {} as never);
    const starts = sim.requests.filter((r) => r.operation === "UpgradeCluster");
    expect(starts.map((r) => [r.clusterId, r.status])).toEqual([
      [due.detail.cluster.clusterId, 200],
    ]);
    expect(bus.events.map((e) => e.detailType)).toEqual(["Upgrade Due", "Action Succeeded"]);
    expect(bus.events[1]?.detail).toMatchObject({
      action: "upgrade",
      requestedBy: { channel: "link" },
    });
  });
});
