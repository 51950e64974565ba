import { afterEach, describe, expect, it } from "vitest";
import { runStartUpgrade } from "../../shared/actions/runStartUpgrade.ts";
import { pollRun } from "../../shared/poll/pollRun.ts";
import { adapterOptions } from "../../shared/providers/target.ts";
import { MIN, type RolloutStack, startRolloutStack } from "../helpers/rollout-stack.ts";

// start-upgrade judges the cloud's precheck at the Upgrade Due's run time T, the clock the
// cloud's times are on, not at its own clock: the local demo (npm start -- --scenario rollout)
// plays its clouds in 2025 while the functions run on today's clock, and every precheck looked
// stale there, so none ever started. The real simulator over 127.0.0.1 and the real signed
// client, on a test clock; start-upgrade's own clock is set 400 days later. Nothing is mocked.
const DAY = 24 * 60 * MIN;
let stack: RolloutStack | undefined;
afterEach(async () => {
  await stack?.close();
  stack = undefined;
});

describe("start-upgrade's precheck, judged at the run's time", () => {
  it("starts on a precheck that passed, however far its own clock is from the cloud's", async () => {
    stack = await startRolloutStack(
      [
        { name: "cce-a", provider: "cce", labels: { env: "prod" } },
        { name: "ack-a", provider: "ack", labels: { env: "prod" } },
      ],
      {
        rollouts: [
          {
            name: "k8s-1.31",
            target: { cce: "v1.31", ack: "1.31.1-aliyun.1" },
            waves: [{ name: "all", maxConcurrent: 2 }],
          },
        ],
        defaults: {
          maintenanceWindows: [
            {
              timeZone: "UTC",
              days: ["mon", "tue", "wed", "thu", "fri", "sat", "sun"],
              start: "00:00",
              end: "24:00",
            },
          ],
        },
      },
    );
    const s = stack;
    const runAt = async (ms: number) => {
      const T = s.start + ms;
      const mark = s.sim.requests.length;
      s.clock.set(new Date(T + 5_000));
      const polled = await pollRun({ kind: "schedule", t: new Date(T) }, s.shepherd, {
        client: s.client,
        now: () => s.clock.now(),
      });
      for (const e of polled.events) {
        if (e.detailType !== "Upgrade Due") continue;
        await runStartUpgrade(e.detail, {
          cluster: s.shepherd.clusters.find((c) => c.ref.clusterId === e.detail.cluster.clusterId),
          credentials: s.shepherd.credentials,
          adapters: adapterOptions(s.shepherd.config.poll),
          client: s.client,
          now: () => new Date(s.clock.now().getTime() + 400 * DAY),
          rollouts: s.shepherd.config.rollouts,
        });
      }
      return s
        .since(mark)
        .filter((r) => r.method !== "GET")
        .map((r) => [r.provider, r.operation, r.status]);
    };
    // The first delivery runs the cloud's precheck (it passes 30s later); the next one starts.
    expect((await runAt(5 * MIN)).sort()).toEqual([
      ["ack", "RunClusterCheck", 200],
      ["cce", "CreatePreCheck", 200],
    ]);
    expect((await runAt(6 * MIN)).sort()).toEqual([
      ["ack", "UpgradeCluster", 200],
      ["cce", "UpgradeCluster", 200],
    ]);
  });
});
