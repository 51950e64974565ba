import { afterEach, describe, expect, it } from "vitest";
import { createPollStatusHandler } from "../../functions/poll-status/createHandler.ts";
import { configForSimulator } from "../../infra/local/simConfig.ts";
import { describeSimulator } from "../../infra/local/simulator/cli.ts";
import { createTestClock, type TestClock } from "../../infra/local/simulator/clock.ts";
import { loadScenario } from "../../infra/local/simulator/loadScenario.ts";
import type { Fault } from "../../infra/local/simulator/scenarioSchema.ts";
import { type Simulator, startSimulator } from "../../infra/local/simulator/server.ts";
import { createSignedClient } from "../../shared/client/index.ts";
import { ShepherdEventSchema } from "../../shared/events/shepherdEvent.ts";
import {
  asBusEvent,
  type RecordedEvent,
  recordingBus,
  scheduledEvent,
} from "../helpers/recording-bus.ts";

// The real poll-status handler (middy, config middleware, signed client, adapters, decide,
// publisher) against the simulator's demo scenario over loopback, at consecutive scheduled T's
// on the simulator's clock. EventBridge is the one fake: a recording client.
const MIN = 60_000;
let sim: Simulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

async function setup(faults: Partial<Fault>[] = []) {
  const demo = await loadScenario("demo");
  const scenario = {
    ...demo,
    faults: faults.map((f) => ({ latencyMs: 0, retryAfterSeconds: 0, ...f }) as Fault),
  };
  const start = Date.parse(scenario.start);
  const clock: TestClock = createTestClock(new Date(start));
  sim = await startSimulator({ scenario, clock });
  const generated = configForSimulator(describeSimulator(sim) as never, {});
  const bus = recordingBus();
  const handler = createPollStatusHandler({
    eventBridge: bus,
    // Retries are real; only their waits are skipped, so the suite does not sleep.
    client: createSignedClient({ sleep: async () => {} }),
    config: { env: { ...generated.env, SHEPHERD_CONFIG_JSON: JSON.stringify(generated.config) } },
  });
  /** Runs the schedule at start + m minutes, reading five seconds later. */
  const runAt = async (m: number) => {
    clock.set(new Date(start + m * MIN + 5_000));
    const from = bus.events.length;
    const summary = await handler(scheduledEvent(new Date(start + m * MIN)), {} as never);
    return { summary, events: bus.events.slice(from) };
  };
  const deliver = async (event: RecordedEvent) => {
    const from = bus.events.length;
    const sqs = { Records: [{ body: JSON.stringify(asBusEvent(event)) }] };
    const summary = await handler(sqs, {} as never);
    return { summary, events: bus.events.slice(from) };
  };
  return { bus, runAt, deliver, start };
}

const line = (e: RecordedEvent) =>
  `${e.detailType} ${(e.detail.cluster as { name?: string } | undefined)?.name ?? (e.detail.credentialSet as string | undefined) ?? ""}`.trim();
const isAccepted = (e: RecordedEvent) => e.detailType === "Credentials Accepted";

describe("poll-status over the demo scenario", () => {
  it("announces each transition once, and due events in every run while they hold", async () => {
    const { runAt } = await setup();
    const runs: Record<number, string[]> = {};
    const accepted: Record<number, string[]> = {};
    for (let m = 0; m <= 30; m += 5) {
      const { events } = await runAt(m);
      runs[m] = events
        .filter((e) => !isAccepted(e))
        .map(line)
        .sort();
      accepted[m] = events.filter(isAccepted).map(line).sort();
      const refused = events
        .filter((e) => e.detailType === "Poll Failed")
        .map((e) => (e.detail.failure as { credentialSet: string }).credentialSet);
      expect(refused).toHaveLength(1);
      expect(accepted[m]).not.toContain(`Credentials Accepted ${refused[0]}`);
    }
    // Every run says which keys worked (it resolves a refused key's page); never the refused one.
    for (let m = 0; m <= 30; m += 5) {
      expect(accepted[m]).toEqual([
        "Credentials Accepted demoalibabaak00000001",
        "Credentials Accepted demohuaweiak0000000001",
      ]);
    }
    expect(runs).toEqual({
      0: ["Poll Failed cce-bad-credentials"],
      5: [
        "Poll Failed cce-bad-credentials",
        "Upgrade Started ack-pause",
        "Upgrade Started cce-stall",
      ],
      10: [
        "Poll Failed cce-bad-credentials",
        "Upgrade Started autopilot-fail",
        "Upgrade Started cce-dryrun-fail",
        "Upgrade Started cce-success",
      ],
      15: ["Poll Failed cce-bad-credentials", "Resume Due ack-pause", "Upgrade Paused ack-pause"],
      20: [
        "Cancel Due autopilot-fail",
        "Cancel Due cce-dryrun-fail",
        "Poll Failed cce-bad-credentials",
        "Resume Due ack-pause",
        "Upgrade Failed autopilot-fail",
        "Upgrade Failed cce-dryrun-fail",
      ],
      25: [
        "Cancel Due autopilot-fail",
        "Cancel Due cce-dryrun-fail",
        "Poll Failed cce-bad-credentials",
        "Postcheck Due cce-success",
        "Resume Due ack-pause",
        "Upgrade Succeeded cce-success",
      ],
      30: [
        "Cancel Due autopilot-fail",
        "Cancel Due cce-dryrun-fail",
        "Poll Failed cce-bad-credentials",
        "Postcheck Due cce-success",
        "Resume Due ack-pause",
      ],
    });
  });

  it("publishes valid events: the catalogue's schemas, T as the time, counts for the blast radius", async () => {
    const { runAt, start } = await setup();
    const { events, summary } = await runAt(20);
    for (const e of events) {
      expect(() =>
        ShepherdEventSchema.parse({ detailType: e.detailType, time: e.time, detail: e.detail }),
      ).not.toThrow();
      expect(e.time).toBe(new Date(start + 20 * MIN).toISOString());
    }
    const cancels = events.filter((e) => e.detailType === "Cancel Due");
    expect(cancels.map((e) => e.detail.clustersDueForCancel)).toEqual([2, 2]);
    expect(summary).toMatchObject({
      trigger: "schedule",
      clustersRead: 6,
      errors: 1,
      putEventsCalls: 1,
    });
  });

  it("re-running the same T publishes the same ids", async () => {
    const { runAt } = await setup();
    const first = (await runAt(20)).events.map((e) => e.detail.id).sort();
    const again = (await runAt(20)).events.map((e) => e.detail.id).sort();
    expect(again).toEqual(first);
  });

  it("announces a failure whose first read failed exactly once, through the retry", async () => {
    const { runAt, deliver } = await setup([
      // Four 500s: the scheduled run's read of autopilot-fail (one try and three retries) fails.
      {
        kind: "serverError",
        status: 500,
        operation: "ListUpgradeClusterTasks",
        clusterId: "6f3e2d4b-cce1-11ef-9a01-0255ac100002",
        count: 4,
      },
    ]);
    const first = await runAt(20);
    expect(first.events.map(line)).not.toContain("Upgrade Failed autopilot-fail");
    const retry = first.events.find((e) => e.detailType === "Poll Retry Requested");
    expect(retry?.detail).toMatchObject({ attempt: 2, clustersDueForCancel: 1 });
    const second = await deliver(retry as RecordedEvent);
    expect(second.events.map(line).sort()).toEqual([
      "Cancel Due autopilot-fail",
      "Credentials Accepted demohuaweiak0000000001",
      "Upgrade Failed autopilot-fail",
    ]);
    const cancel = second.events.find((e) => e.detailType === "Cancel Due");
    expect(cancel?.detail.clustersDueForCancel).toBe(2);
    expect(second.summary).toMatchObject({
      trigger: "retry",
      attempt: 2,
      clustersRead: 1,
      errors: 0,
    });
    const next = await runAt(25);
    expect(next.events.map(line)).not.toContain("Upgrade Failed autopilot-fail");
  });

  it("reports Poll Failed after the last read attempt, not before", async () => {
    const { runAt, deliver } = await setup([
      {
        kind: "serverError",
        status: 503,
        operation: "ListUpgradeClusterTasks",
        clusterId: "6f3e2d4b-cce1-11ef-9a01-0255ac100002",
      },
    ]);
    const first = await runAt(20);
    const pollFailed = (events: RecordedEvent[]) =>
      events.filter((e) => e.detailType === "Poll Failed" && line(e).endsWith("autopilot-fail"));
    expect(pollFailed(first.events)).toHaveLength(0);
    const r2 = await deliver(
      first.events.find((e) => e.detailType === "Poll Retry Requested") as RecordedEvent,
    );
    expect(pollFailed(r2.events)).toHaveLength(0);
    const r3 = await deliver(
      r2.events.find((e) => e.detailType === "Poll Retry Requested") as RecordedEvent,
    );
    expect(r3.events.find((e) => e.detailType === "Poll Retry Requested")).toBeUndefined();
    const failed = pollFailed(r3.events);
    expect(failed).toHaveLength(1);
    expect(failed[0]?.detail).toMatchObject({
      severity: "warning",
      failure: { kind: "server", attempt: 3 },
    });
  });

  it("fails loudly on an event it does not know", async () => {
    const handler = createPollStatusHandler({
      eventBridge: recordingBus(),
      config: { env: { SHEPHERD_CONFIG_JSON: JSON.stringify({ clusters: [] }) } },
    });
    await expect(handler({ hello: "world" }, {} as never)).rejects.toThrow(/Invalid input/);
  });
});
