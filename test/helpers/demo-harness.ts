import { readFileSync } from "node:fs";
import { join } from "node:path";
import { createTestClock, type TestClock } from "../../infra/local/simulator/clock.ts";
import { loadScenario } from "../../infra/local/simulator/loadScenario.ts";
import type { Scenario, ScenarioCluster } from "../../infra/local/simulator/scenarioSchema.ts";
import {
  type Simulator,
  type StartSimulatorOptions,
  startSimulator,
} from "../../infra/local/simulator/server.ts";
import { createSignedClient, type SignedClient } from "../../shared/client/index.ts";
import type { ProviderRequest } from "../../shared/client/types.ts";
import { ProviderError } from "../../shared/errors.ts";
import type { FleetMember } from "../../shared/poll/readFleet.ts";
import type { ReadContext } from "../../shared/providers/target.ts";

export interface Harness {
  sim: Simulator;
  clock: TestClock;
  scenario: Scenario;
  client: SignedClient;
  cluster(name: string): ScenarioCluster;
  /** Our signed client, against the simulator, with the cluster's own credentials. */
  cce(
    name: string,
    operation: string,
    method: ProviderRequest["method"],
    suffix: string,
    body?: unknown,
  ): ReturnType<SignedClient["request"]>;
  ack(
    operation: string,
    method: ProviderRequest["method"],
    path: string,
    query?: Record<string, string>,
  ): ReturnType<SignedClient["request"]>;
  /** Moves the scenario clock to `start + ms`. */
  at(ms: number): void;
}

export const MIN = 60_000;

/** A response body walked freely in assertions (the point is to check its shape at run time). */
// biome-ignore lint/suspicious/noExplicitAny: assertions read arbitrary JSON paths
export type Json = any;

/** Starts the demo scenario on a test clock at the scenario's start, with our signed client. */
export async function startDemo(
  overrides: Partial<Omit<StartSimulatorOptions, "scenario" | "clock">> & {
    scenario?: Scenario;
    clientOptions?: Parameters<typeof createSignedClient>[0];
  } = {},
): Promise<Harness> {
  const scenario = overrides.scenario ?? (await loadScenario("demo"));
  const clock = createTestClock(new Date(scenario.start));
  const { clientOptions, ...rest } = overrides;
  const sim = await startSimulator({ ...rest, scenario, clock, gatewayClock: clock });
  const client = createSignedClient({
    now: () => clock.now(),
    sleep: async () => {},
    random: () => 0.5,
    ...clientOptions,
  });
  const cluster = (name: string) => {
    const c = scenario.clusters.find((x) => x.name === name);
    if (!c) throw new Error(`no cluster ${name}`);
    return c;
  };
  const creds = (c: ScenarioCluster) => {
    const all = [...scenario.credentials, ...scenario.rejectedCredentials];
    return (
      all.find((x) => x.ak === c.credentials) ??
      (scenario.credentials[0] as { ak: string; sk: string })
    );
  };
  return {
    sim,
    clock,
    scenario,
    client,
    cluster,
    cce: (name, operation, method, suffix, body) => {
      const c = cluster(name);
      const prefix = c.provider === "cce-autopilot" ? "/autopilot/v3" : "/api/v3";
      return client.request({
        cloud: "huawei",
        operation,
        method,
        endpoint: sim.url,
        path: `${prefix}/projects/${c.projectId}/clusters/${c.clusterId}${suffix}`,
        credentials: creds(c),
        projectId: c.projectId,
        ...(body !== undefined ? { body } : {}),
      });
    },
    ack: (operation, method, path, query) =>
      client.request({
        cloud: "alibaba",
        operation,
        method,
        endpoint: sim.url,
        path,
        credentials: scenario.credentials[1] as { ak: string; sk: string },
        ...(query ? { query } : {}),
      }),
    at: (ms) => clock.set(new Date(Date.parse(scenario.start) + ms)),
  };
}

/** The body of a call through the harness's signed client, as JSON to look into. */
export const bodyOf = async (p: Promise<{ body: unknown }>) =>
  (await p).body as Record<string, Json>;

/** The `ProviderError` a call through the signed client failed with; throws if it did not. */
export async function providerErrorOf(p: Promise<unknown>): Promise<ProviderError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  if (!(e instanceof ProviderError)) {
    throw new Error(`expected a ProviderError, got ${e === undefined ? "a success" : String(e)}`);
  }
  return e;
}

export const fixture = (name: string): unknown =>
  JSON.parse(readFileSync(join(import.meta.dirname, "..", "fixtures", name), "utf8"));

/**
 * The structure of a JSON value (keys and value types, arrays by their first element), so a
 * simulator answer can be compared with a documented example without comparing values.
 */
export function shapeOf(value: unknown): unknown {
  if (Array.isArray(value)) return value.length ? [shapeOf(value[0])] : [];
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, shapeOf(v)]));
  }
  return value === null ? "null" : typeof value;
}

/** Huawei's Go-style time: `2023-11-24 16:41:12.09236 +0800 CST`. */
export const HUAWEI_TIME =
  /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,9})? (\+0800 CST|\+0000 UTC)$/;

/**
 * How the poller reads the demo: the harness's signed client, the scenario clock, and the
 * scenario's ACK upgrade task type. A `ReadContext`, and `readFleet`'s options.
 */
export const demoRead = (h: Harness): ReadContext => ({
  client: h.client,
  now: () => h.clock.now(),
  adapters: { ack: { upgradeTaskType: h.scenario.ackUpgradeTaskType } },
});

/** The demo's clusters as the poller sees them: refs, the simulator's URL, each one's own key. */
export function demoFleet(h: Harness): FleetMember[] {
  const all = [...h.scenario.credentials, ...h.scenario.rejectedCredentials];
  return h.scenario.clusters.map((c) => {
    const key = all.find((x) => x.ak === c.credentials);
    return {
      credentialSet: c.credentials ?? "default",
      target: {
        cluster: {
          provider: c.provider,
          region: c.region,
          clusterId: c.clusterId,
          name: c.name,
          labels: {},
          ...(c.projectId ? { projectId: c.projectId } : {}),
        },
        endpoint: h.sim.url,
        credentials: { ak: key?.ak ?? "", sk: key?.sk ?? "" },
      },
    };
  });
}
