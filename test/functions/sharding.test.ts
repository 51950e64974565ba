import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPollStatusHandler } from "../../functions/poll-status/createHandler.ts";
import { configForSimulator } from "../../infra/local/simConfig.ts";
import { describeSimulator } from "../../infra/local/simulator/cli.ts";
import { createTestClock, type TestClock } from "../../infra/local/simulator/clock.ts";
import { generateScenario } from "../../infra/local/simulator/generateScenario.ts";
import { type Simulator, startSimulator } from "../../infra/local/simulator/server.ts";
import { createSignedClient } from "../../shared/client/index.ts";
import type { EventBridgeLike } from "../../shared/events/publish.ts";
import {
  asBusEvent,
  type RecordedEvent,
  recordingBus,
  scheduledEvent,
} from "../helpers/recording-bus.ts";

// The same generated fleet (200 clusters, three providers), polled by the real poll-status
// handler unsharded and in shards of 70, over the same consecutive T's on the simulator clock.
// EventBridge is the one fake: a recording client.
const MIN = 60_000;
const CLUSTERS = 200;
let sim: Simulator;
let clock: TestClock;
let start: number;
let info: Parameters<typeof configForSimulator>[0];

beforeAll(async () => {
  const scenario = generateScenario({ count: CLUSTERS, seed: 42 });
  start = Date.parse(scenario.start);
  clock = createTestClock(new Date(start));
  sim = await startSimulator({ scenario, clock, recordRequests: false });
  info = describeSimulator(sim) as never;
});
afterAll(async () => {
  await sim.close();
});

function handlerWith(shardSize: number, eventBridge: EventBridgeLike) {
  const generated = configForSimulator(info, { poll: { shardSize } });
  return createPollStatusHandler({
    eventBridge,
    client: createSignedClient({ sleep: async () => {} }),
    config: { env: { ...generated.env, SHEPHERD_CONFIG_JSON: JSON.stringify(generated.config) } },
  });
}

const INTERNAL = new Set(["Poll Shard Requested", "Poll Retry Requested"]);
/** What a consumer sees of an event: blast-radius counts are per shard by design, so left out. */
const visible = (e: RecordedEvent) => {
  const { clustersDueForCancel: _count, shard: _shard, ...detail } = e.detail;
  return { detailType: e.detailType, time: e.time, detail };
};
const byId = (events: RecordedEvent[]) =>
  mergeAccepted(events.filter((e) => !INTERNAL.has(e.detailType)))
    .map(visible)
    .sort((a, b) => (a.detail.id < b.detail.id ? -1 : 1));

/**
 * Credentials Accepted names the clusters the invocation read with the key, so each shard sends
 * its own part under the run's one id (a receiver that deduplicates resolves once); merged, the
 * parts name what the unsharded run names.
 */
function mergeAccepted(events: RecordedEvent[]): RecordedEvent[] {
  const order = (a: object, b: object) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1);
  const parts = new Map<string, object[]>();
  for (const e of events) {
    if (e.detailType !== "Credentials Accepted") continue;
    const id = e.detail.id as string;
    parts.set(id, [...(parts.get(id) ?? []), ...(e.detail.clusters as object[])]);
  }
  const done = new Set<string>();
  return events.flatMap((e) => {
    if (e.detailType !== "Credentials Accepted") return [e];
    const id = e.detail.id as string;
    if (done.has(id)) return [];
    done.add(id);
    const clusters = [
      ...new Map((parts.get(id) ?? []).map((c) => [JSON.stringify(c), c])).values(),
    ];
    return [{ ...e, detail: { ...e.detail, clusters: clusters.sort(order) } }];
  });
}

/** Runs the schedule at T; when it fans out, delivers each shard request as its rule would. */
async function runSharded(
  handler: ReturnType<typeof handlerWith>,
  bus: ReturnType<typeof recordingBus>,
  t: Date,
  deliver: (shard: RecordedEvent) => Promise<unknown> = (shard) =>
    handler(asBusEvent(shard), {} as never),
) {
  const from = bus.events.length;
  await handler(scheduledEvent(t), {} as never);
  const requests = bus.events.slice(from).filter((e) => e.detailType === "Poll Shard Requested");
  for (const r of requests) await deliver(r);
  return { requests, events: bus.events.slice(from) };
}

describe("sharding the fleet across poll invocations", () => {
  it("emits exactly the same events, ids included, sharded and unsharded", async () => {
    const plainBus = recordingBus();
    const shardBus = recordingBus();
    const plain = handlerWith(500, plainBus);
    const sharded = handlerWith(70, shardBus);
    for (let m = 0; m <= 15; m += 5) {
      const t = new Date(start + m * MIN);
      clock.set(new Date(t.getTime() + 5_000));
      await plain(scheduledEvent(t), {} as never);
      const { requests } = await runSharded(sharded, shardBus, t);
      expect(requests.map((r) => r.detail.shard)).toEqual([
        { index: 0, count: 3 },
        { index: 1, count: 3 },
        { index: 2, count: 3 },
      ]);
    }
    const expected = byId(plainBus.events);
    expect(expected.length).toBeGreaterThan(50);
    expect(new Set(expected.map((e) => e.detailType)).size).toBeGreaterThan(4);
    expect(byId(shardBus.events)).toEqual(expected);
  });

  it("keeps the other shards' events when one shard fails, and its retry emits the same ids", async () => {
    const t = new Date(start + 20 * MIN);
    clock.set(new Date(t.getTime() + 5_000));
    const cleanBus = recordingBus();
    await runSharded(handlerWith(70, cleanBus), cleanBus, t);

    // Shard 1's invocation finds EventBridge down on its first publish, and throws.
    const bus = recordingBus();
    let refuse = true;
    const flaky: EventBridgeLike = {
      send: async (command) => {
        if (refuse) {
          refuse = false;
          throw new Error("EventBridge unavailable");
        }
        return bus.send(command);
      },
    };
    const handler = handlerWith(70, bus);
    const shard1 = handlerWith(70, flaky);
    const failed: RecordedEvent[] = [];
    await runSharded(handler, bus, t, async (shard) => {
      const fn = (shard.detail.shard as { index: number }).index === 1 ? shard1 : handler;
      await fn(asBusEvent(shard), {} as never).catch(() => failed.push(shard));
    });
    expect(failed.map((f) => f.detail.shard)).toEqual([{ index: 1, count: 3 }]);
    const withoutShard1 = byId(bus.events);
    const clean = byId(cleanBus.events);
    expect(withoutShard1.length).toBeLessThan(clean.length);
    // Shard 1's part of each Credentials Accepted is missing: those compare by id only.
    for (const e of withoutShard1) {
      if (e.detailType === "Credentials Accepted") {
        expect(clean.map((c) => c.detail.id)).toContain(e.detail.id);
      } else {
        expect(clean).toContainEqual(e);
      }
    }

    // Lambda's async retry invokes shard 1 again with the same event.
    await shard1(asBusEvent(failed[0] as RecordedEvent), {} as never);
    expect(byId(bus.events)).toEqual(clean);
  });
});

describe("read retries inside a shard", () => {
  it("re-reads a shard's failed cluster for the shard's window, and keeps the shard", async () => {
    const { loadScenario } = await import("../../infra/local/simulator/loadScenario.ts");
    const demo = await loadScenario("demo");
    const scenario = {
      ...demo,
      faults: [
        {
          kind: "serverError" as const,
          status: 500,
          operation: "ListUpgradeClusterTasks",
          clusterId: "6f3e2d4b-cce1-11ef-9a01-0255ac100002",
          count: 4,
          latencyMs: 0,
          retryAfterSeconds: 0,
        },
      ],
    };
    const demoStart = Date.parse(scenario.start);
    const demoClock = createTestClock(new Date(demoStart + 20 * MIN + 5_000));
    const demoSim = await startSimulator({ scenario, clock: demoClock });
    try {
      const generated = configForSimulator(describeSimulator(demoSim) as never, {
        poll: { shardSize: 3 },
      });
      const bus = recordingBus();
      const handler = createPollStatusHandler({
        eventBridge: bus,
        client: createSignedClient({ sleep: async () => {} }),
        config: {
          env: { ...generated.env, SHEPHERD_CONFIG_JSON: JSON.stringify(generated.config) },
        },
      });
      const t = new Date(demoStart + 20 * MIN);
      await runSharded(handler, bus, t);
      const retry = bus.events.find((e) => e.detailType === "Poll Retry Requested");
      // The demo's seven clusters in shards of three: three shards.
      expect(retry?.detail).toMatchObject({ attempt: 2, shard: { count: 3 } });
      const from = bus.events.length;
      await handler(
        { Records: [{ body: JSON.stringify(asBusEvent(retry as RecordedEvent)) }] },
        {} as never,
      );
      const after = bus.events.slice(from);
      const failed = after.find((e) => e.detailType === "Upgrade Failed");
      expect((failed?.detail.cluster as { name: string } | undefined)?.name).toBe("autopilot-fail");
      expect(failed?.time).toBe(t.toISOString());
      const cancel = after.find((e) => e.detailType === "Cancel Due");
      expect(cancel?.detail.shard).toEqual(retry?.detail.shard);
    } finally {
      await demoSim.close();
    }
  });
});
