import { configForSimulator } from "../../infra/local/simConfig.ts";
import { describeSimulator } from "../../infra/local/simulator/cli.ts";
import { createTestClock, type TestClock } from "../../infra/local/simulator/clock.ts";
import { parseScenario } from "../../infra/local/simulator/loadScenario.ts";
import type { RequestLogEntry } from "../../infra/local/simulator/requestLog.ts";
import { type Simulator, startSimulator } from "../../infra/local/simulator/server.ts";
import { createSignedClient, type SignedClient } from "../../shared/client/index.ts";
import { loadShepherdConfig, type ShepherdConfig } from "../../shared/config/loadShepherdConfig.ts";
import type { ClusterTarget } from "../../shared/providers/target.ts";

export const MIN = 60_000;
/** A maintenance window open all week. */
export const ALWAYS = {
  timeZone: "UTC",
  days: ["mon", "tue", "wed", "thu", "fri", "sat", "sun"],
  start: "00:00",
  end: "24:00",
};
/** The rollout, shortened: a canary soaking 1h, then the rest two at a time. */
export const ROLLOUT_131 = {
  name: "k8s-1.31",
  target: { cce: "v1.31", "cce-autopilot": "v1.31", ack: "1.31.1-aliyun.1" },
  clusters: { labels: { env: "prod" } },
  waves: [
    { name: "canary", clusters: { labels: { ring: "canary" } }, soak: "1h" },
    { name: "rest", maxConcurrent: 2 },
  ],
  haltOn: { failures: 1, stalls: 1 },
};
export const HOUR = 60 * MIN;
/** A Monday. */
export const ROLLOUT_START = "2026-11-02T00:00:00Z";
export const HUAWEI = { ak: "ROLLHUAWEIAK000000001", sk: "rollout-huawei-secret" };
export const ALIBABA = { ak: "ROLLALIBABAAK00000001", sk: "rollout-alibaba-secret" };
const PROJECT = "5e6f7a8b9c0d41e2a3b4c5d6e7f8a9b0";

export interface FleetCluster {
  name: string;
  provider: "cce" | "cce-autopilot" | "ack";
  /** `fail`: its upgrade fails once started. `at-target`: it runs the target already, with no upgrade on record. */
  outcome?: "success" | "fail" | "at-target";
  labels?: Record<string, string>;
  /** The cloud's pre-upgrade check (scenario `precheck`); default: passes after 30s. */
  precheck?: Record<string, unknown>;
  /** The scenario's faults for this cluster (scenario `faults`). */
  faults?: Record<string, unknown>[];
}

/**
 * A fleet whose upgrades start only when a client calls UpgradeCluster (`startAt: onRequest`):
 * each then prechecks for 2m, upgrades for 10m and succeeds (or fails) at 12m. CCE and
 * Autopilot go from v1.30.4-r0 to v1.31.2-r0, ACK from 1.30.1-aliyun.1 to 1.31.1-aliyun.1.
 */
export function rolloutScenario(fleet: readonly FleetCluster[]) {
  return parseScenario({
    name: "rollout",
    start: ROLLOUT_START,
    credentials: [HUAWEI, ALIBABA],
    clusters: fleet.map((c, i) => {
      const ack = c.provider === "ack";
      const hex = i.toString(16).padStart(2, "0");
      return {
        provider: c.provider,
        region: ack ? "cn-hangzhou" : "cn-north-4",
        ...(ack ? {} : { projectId: PROJECT }),
        clusterId: ack
          ? `c0ffee11d3b4c5a6978e1d2c3b4a5f6${hex}`
          : `1a0b0c0d-ac71-11ef-9a01-0255ac1000${hex}`,
        name: c.name,
        targetVersion: ack ? "1.31.1-aliyun.1" : "v1.31.2-r0",
        credentials: ack ? ALIBABA.ak : HUAWEI.ak,
        ...(c.precheck ? { precheck: c.precheck } : {}),
        ...(c.faults ? { faults: c.faults } : {}),
        ...(c.outcome === "at-target"
          ? { version: ack ? "1.31.1-aliyun.1" : "v1.31.2-r0" }
          : {
              version: ack ? "1.30.1-aliyun.1" : "v1.30.4-r0",
              upgrade: {
                startAt: "onRequest",
                ackAddonUpgradeAfter: false,
                timeline: [
                  { phase: "precheck", duration: "2m" },
                  { phase: "upgrade", duration: "10m" },
                  c.outcome === "fail"
                    ? { phase: "failure", message: `${c.name}: upgrade cluster master failed` }
                    : { phase: "success" },
                ],
              },
            }),
      };
    }),
  });
}

export interface RolloutStack {
  sim: Simulator;
  clock: TestClock;
  shepherd: ShepherdConfig;
  client: SignedClient;
  start: number;
  target(name: string): ClusterTarget;
  since(mark: number): RequestLogEntry[];
  close(): Promise<void>;
}

/**
 * The simulator on a test clock (time moves only when a test sets it), the config a deployment
 * would load for it with each cluster's labels and the given `rollouts`, and our signed client.
 */
export async function startRolloutStack(
  fleet: readonly FleetCluster[],
  extra: { rollouts?: unknown[]; defaults?: Record<string, unknown> } = {},
): Promise<RolloutStack> {
  const scenario = rolloutScenario(fleet);
  const start = Date.parse(scenario.start);
  const clock = createTestClock(new Date(start));
  const sim = await startSimulator({ scenario, clock, gatewayClock: clock });
  const generated = configForSimulator(describeSimulator(sim) as never, {
    ...(extra.defaults ? { defaults: extra.defaults } : {}),
  });
  const labelsOf = new Map(fleet.map((c) => [c.name, c.labels ?? {}]));
  const config = generated.config as { clusters: { name: string }[] };
  const withLabels = {
    ...config,
    clusters: config.clusters.map((c) => ({ ...c, labels: labelsOf.get(c.name) ?? {} })),
    ...(extra.rollouts ? { rollouts: extra.rollouts } : {}),
  };
  const shepherd = await loadShepherdConfig({
    env: { ...generated.env, SHEPHERD_CONFIG_JSON: JSON.stringify(withLabels) },
  });
  const client = createSignedClient({
    now: () => clock.now(),
    sleep: async () => {},
    random: () => 0.5,
  });
  return {
    sim,
    clock,
    shepherd,
    client,
    start,
    target: (name) => {
      const c = shepherd.clusters.find((x) => x.ref.name === name);
      if (!c) throw new Error(`no cluster ${name}`);
      return {
        cluster: c.ref,
        endpoint: c.endpoint,
        credentials: shepherd.credentials.get(c.credentials),
      };
    },
    since: (mark) => sim.requests.slice(mark),
    close: () => sim.close(),
  };
}
