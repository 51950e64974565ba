import { configForSimulator } from "../../infra/local/simConfig.ts";
import { describeSimulator } from "../../infra/local/simulator/cli.ts";
import { createTestClock, type TestClock } from "../../infra/local/simulator/clock.ts";
import type { RequestLogEntry } from "../../infra/local/simulator/requestLog.ts";
import type { Fault, Scenario } from "../../infra/local/simulator/scenarioSchema.ts";
import { type Simulator, startSimulator } from "../../infra/local/simulator/server.ts";
import type { ActionDeps, PostcheckDeps } from "../../shared/actions/actionDeps.ts";
import type { DueDetail } from "../../shared/actions/dueDetail.ts";
import { createSignedClient, type SignedClient } from "../../shared/client/index.ts";
import {
  loadShepherdConfig,
  type ResolvedCluster,
  type ShepherdConfig,
} from "../../shared/config/index.ts";
import {
  type DetailOf,
  type DetailType,
  type ShepherdEvent,
  ShepherdEventSchema,
} from "../../shared/events/index.ts";
import { pollRun } from "../../shared/poll/pollRun.ts";
import { actionsScenario } from "./actions-scenario.ts";

export const MIN = 60_000;

/** Every day, all day: for tests where the window is not the point. */
export const ALWAYS = {
  timeZone: "UTC",
  days: ["mon", "tue", "wed", "thu", "fri", "sat", "sun"],
  start: "00:00",
  end: "24:00",
};

type DueType = "Postcheck Due" | "Cancel Due" | "Resume Due";

/** The detail-types that name a cluster. */
type ClusterType = Exclude<
  DetailType,
  "Poll Retry Requested" | "Poll Shard Requested" | "Auto Actions Suspended"
>;

export interface ActionStack {
  sim: Simulator;
  clock: TestClock;
  shepherd: ShepherdConfig;
  client: SignedClient;
  /** Scenario time zero, in epoch ms. */
  start: number;
  /** Moves the simulator's (and the functions') clock to `start + ms`. */
  at(ms: number): void;
  cluster(name: string): ResolvedCluster;
  /**
   * The real poller core (read, decide) for the run at `T = start + ms`, reading 5 seconds
   * later, as the schedule would. Returns every event it would publish.
   */
  poll(ms: number): Promise<ShepherdEvent[]>;
  /** The due event of that type for that cluster in a poll's output; throws if there is none. */
  due<D extends DueType>(events: readonly ShepherdEvent[], type: D, name: string): DetailOf<D>;
  /** Any cluster event of that type for that cluster; throws if there is none. */
  find<D extends ClusterType>(events: readonly ShepherdEvent[], type: D, name: string): DetailOf<D>;
  /** What an action function gets from its handler for this cluster, at the stack's clock. */
  deps(name: string, extra?: Partial<PostcheckDeps>): PostcheckDeps;
  /** Requests the simulator has logged from `mark` on (a mark is `sim.requests.length`). */
  since(mark: number): RequestLogEntry[];
}

export interface ActionStackOptions {
  scenario?: Scenario;
  defaults?: Record<string, unknown>;
  poll?: Record<string, unknown>;
  overrides?: Record<string, Record<string, unknown>>;
  faults?: Partial<Fault>[];
}

/**
 * The simulator on a test clock, the config a deployment would load for it (every cluster at
 * the simulator's URL with its own key), and our signed client. By default clusters may cancel
 * and resume, the window is always open and the blast-radius limit is out of the way; a test
 * narrows what it is about.
 */
export async function startActionStack(options: ActionStackOptions = {}): Promise<ActionStack> {
  const base = options.scenario ?? actionsScenario();
  const scenario: Scenario = {
    ...base,
    faults: (options.faults ?? []).map(
      (f) => ({ latencyMs: 0, retryAfterSeconds: 0, ...f }) as Fault,
    ),
  };
  const start = Date.parse(scenario.start);
  const clock = createTestClock(new Date(start));
  const sim = await startSimulator({ scenario, clock, gatewayClock: clock });
  const generated = configForSimulator(describeSimulator(sim) as never, {
    defaults: {
      onFailure: "cancel",
      onPause: "resume-in-window",
      maintenanceWindows: [ALWAYS],
      blastRadiusLimit: 10,
      ...options.defaults,
    },
    ...(options.poll ? { poll: options.poll } : {}),
    ...(options.overrides ? { overrides: options.overrides } : {}),
  });
  const shepherd = await loadShepherdConfig({
    env: { ...generated.env, SHEPHERD_CONFIG_JSON: JSON.stringify(generated.config) },
  });
  const client = createSignedClient({
    now: () => clock.now(),
    sleep: async () => {},
    random: () => 0.5,
  });
  const cluster = (name: string) => {
    const found = shepherd.clusters.find((c) => c.ref.name === name);
    if (!found) throw new Error(`no cluster ${name} in the config`);
    return found;
  };
  return {
    sim,
    clock,
    shepherd,
    client,
    start,
    at: (ms) => clock.set(new Date(start + ms)),
    cluster,
    poll: (ms) => pollAt(start + ms, { shepherd, client, clock }),
    due: <D extends DueType>(events: readonly ShepherdEvent[], type: D, name: string) =>
      findDetail(events, type, name) as DetailOf<D> & DueDetail,
    find: <D extends ClusterType>(events: readonly ShepherdEvent[], type: D, name: string) =>
      findDetail(events, type, name) as DetailOf<D>,
    deps: (name, extra = {}) => ({
      cluster: cluster(name),
      credentials: shepherd.credentials,
      client,
      now: () => clock.now(),
      ackUpgradeTaskType: shepherd.config.poll.ackUpgradeTaskType,
      ...extra,
    }),
    since: (mark) => sim.requests.slice(mark),
  };
}

/**
 * The real poller core (read, decide) for the run at `T`, reading 5 seconds later, as the
 * schedule would: every event it would publish. test/chat's stack polls the same way.
 */
export async function pollAt(
  T: number,
  s: { shepherd: ShepherdConfig; client: SignedClient; clock: TestClock },
): Promise<ShepherdEvent[]> {
  s.clock.set(new Date(T + 5_000));
  const result = await pollRun({ kind: "schedule", t: new Date(T) }, s.shepherd, {
    client: s.client,
    now: () => s.clock.now(),
  });
  return result.events;
}

function findDetail(events: readonly ShepherdEvent[], type: ClusterType, name: string): unknown {
  const found = events.find(
    (e) => e.detailType === type && "cluster" in e.detail && e.detail.cluster.name === name,
  );
  if (!found) throw new Error(`no ${type} for ${name}`);
  return found.detail;
}

/** What an action sent that could change the cloud: every request but a GET. */
export const writes = (requests: readonly RequestLogEntry[]): RequestLogEntry[] =>
  requests.filter((r) => r.method !== "GET");

export type { ActionDeps };

const openStacks: ActionStack[] = [];

/**
 * A stack for one test, polled at `minutes` into the scenario for its due events; register
 * `closeActionStacks` in `afterEach` so each test's simulator is closed.
 */
export async function actionStackPolledAt(
  minutes: number,
  options: Parameters<typeof startActionStack>[0] = {},
): Promise<{ s: ActionStack; events: ShepherdEvent[] }> {
  const s = await startActionStack(options);
  openStacks.push(s);
  return { s, events: await s.poll(minutes * MIN) };
}

export async function closeActionStacks(): Promise<void> {
  for (const s of openStacks.splice(0)) await s.sim.close();
}

/** The one outcome event an action produced, parsed with the catalogue's schema. */
export function onlyEvent(result: { events: ShepherdEvent[] }): ShepherdEvent {
  if (result.events.length !== 1) {
    throw new Error(`expected one outcome event, got ${result.events.length}`);
  }
  return ShepherdEventSchema.parse(result.events[0]);
}
