import { afterEach, describe, expect, it } from "vitest";
import { createPollStatusHandler } from "../../functions/poll-status/createHandler.ts";
import { busEvent, scheduledEvent } from "../../infra/local/busEvents.ts";
import { createStartUpgradeHandler } from "../../shared/actions/startUpgradeHandler.ts";
import { acceptPress } from "../../shared/chat/acceptPress.ts";
import { actionButtons } from "../../shared/chat/actionButtons.ts";
import { signActionToken } from "../../shared/chat/actionToken.ts";
import { type EventOf, ShepherdEventSchema } from "../../shared/events/shepherdEvent.ts";
import { ReceiverSchema } from "../../shared/notify/config.ts";
import { waveClusters } from "../../shared/rollout/waveClusters.ts";
import { type RecordedEvent, recordingBus } from "../helpers/recording-bus.ts";
import {
  ALWAYS,
  type FleetCluster,
  MIN,
  ROLLOUT_131,
  type RolloutStack,
  startRolloutStack,
} from "../helpers/rollout-stack.ts";

// Approve in chat, end to end but for AWS: the simulator over 127.0.0.1 on a test clock, the
// real poll-status and start-upgrade handlers (config from the environment, the real signed
// client), and a press accepted by the real acceptPress with a token signed by the real button
// maker. EventBridge is the one fake (a recording PutEvents client): each published event is
// handed to the function its rule names, as a rule would.
const ROLLOUT = {
  ...ROLLOUT_131,
  waves: [ROLLOUT_131.waves[0], { name: "rest", maxConcurrent: 2, approval: "chat" }],
};
const fleet = (canary: "success" | "fail"): FleetCluster[] => [
  {
    name: "cce-canary",
    provider: "cce",
    outcome: canary,
    labels: { env: "prod", ring: "canary" },
  },
  { name: "ack-1", provider: "ack", labels: { env: "prod" } },
  { name: "cce-2", provider: "cce", labels: { env: "prod" } },
  { name: "auto-3", provider: "cce-autopilot", labels: { env: "prod" } },
  { name: "ack-4", provider: "ack", labels: { env: "prod" } },
  { name: "ack-staging", provider: "ack", labels: { env: "staging" } },
];
const KEY = "test-token-key-0123456789abcdef0123456789abcdef";
const SLACK = ReceiverSchema.parse({
  name: "ops-slack",
  type: "slack",
  actions: { pressedBy: { slackUsers: ["U0ALICE001"] } },
});
const ALICE = { channel: "slack", receiver: "ops-slack", userId: "U0ALICE001", userName: "alice" };

let stack: RolloutStack | undefined;
afterEach(async () => {
  await stack?.close();
  stack = undefined;
});

function functions(s: RolloutStack) {
  const bus = recordingBus();
  const deps = {
    eventBridge: bus,
    client: s.client,
    now: () => s.clock.now(),
    config: { env: { ...s.env, IS_OFFLINE: "true" } },
  };
  const poll = createPollStatusHandler(deps);
  // An approved start waits for its precheck: on the test clock, a sleep moves the clock.
  const sleep = async (ms: number) => s.clock.set(new Date(s.clock.now().getTime() + ms));
  const start = createStartUpgradeHandler({ ...deps, sleep });
  const nameOf = (id: string | null) =>
    s.sim.scenario.clusters.find((c) => c.clusterId === id)?.name ?? "?";
  /** Runs an invocation, then start-upgrade for each Upgrade Due it published. */
  async function chain(invoke: () => Promise<unknown>) {
    const mark = s.sim.requests.length;
    const from = bus.events.length;
    await invoke();
    const published = bus.events.slice(from);
    const starts = s.since(mark).filter((r) => r.operation === "UpgradeCluster");
    expect(starts, "poll-status itself starts nothing").toEqual([]);
    for (const e of published.filter((x) => x.detailType === "Upgrade Due")) {
      await start(busEvent(e), {} as never);
    }
    const outcomes = bus.events.slice(from + published.length);
    return {
      published: published.map((e) => ShepherdEventSchema.parse(e)),
      outcomes: outcomes.map((e) => ShepherdEventSchema.parse(e)),
      /** UpgradeCluster calls the simulator saw, by cluster name, with the HTTP status. */
      starts: s
        .since(mark)
        .filter((r) => r.operation === "UpgradeCluster")
        .map((r): [string, number] => [nameOf(r.clusterId), r.status]),
    };
  }
  return {
    bus,
    /** The scheduled run at `T = start + ms`, 5s after its time. */
    run: (ms: number) => {
      s.clock.set(new Date(s.start + ms + 5_000));
      return chain(() => poll(scheduledEvent(new Date(s.start + ms)), {} as never));
    },
    /** The approval's rule delivering a recorded Action Requested to poll-status, at `ms`. */
    approve: (requested: RecordedEvent, ms: number) => {
      s.clock.set(new Date(s.start + ms));
      return chain(() => poll(busEvent(requested), {} as never));
    },
  };
}

const types = (events: readonly { detailType: string }[]) => events.map((e) => e.detailType);

/** A person presses Approve on a message: acceptPress, then the Action Requested on the bus. */
async function press(s: RolloutStack, token: string, ms: number): Promise<RecordedEvent> {
  const answer = await acceptPress(
    { token, by: { channel: "slack", userId: "U0ALICE001", userName: "alice" } },
    {
      config: { receivers: [SLACK], rollouts: s.shepherd.config.rollouts },
      clusters: s.shepherd.clusters,
      tokenKey: KEY,
      now: new Date(s.start + ms),
      groupMembers: async () => [],
    },
  );
  if (answer.kind !== "requested") throw new Error(`press not accepted: ${answer.kind}`);
  return { ...answer.event, detail: answer.event.detail as RecordedEvent["detail"] };
}

describe("Approve in chat, against the simulator", () => {
  it("a waiting wave starts nothing on scheduled runs; the approval starts exactly its first clusters", async () => {
    stack = await startRolloutStack(fleet("success"), {
      rollouts: [ROLLOUT],
      defaults: { maintenanceWindows: [ALWAYS] },
    });
    const s = stack;
    const f = functions(s);
    const rest = (
      waveClusters(
        s.shepherd.config.rollouts[0] as never,
        s.shepherd.clusters.map((c) => c.ref),
      ).waves[1]?.clusters ?? []
    ).map((c) => c.name);
    expect(rest).toHaveLength(4);

    // The first delivery runs the cloud's precheck; the next one starts the canary.
    expect((await f.run(5 * MIN)).starts).toEqual([]);
    expect((await f.run(10 * MIN)).starts).toEqual([["cce-canary", 200]]);
    // The canary succeeds at 22m05s; the soak ends at 1h22m05s, in the window of the run at 85m.
    const ready = await f.run(85 * MIN);
    expect(types(ready.published)).toContain("Rollout Wave Ready");
    expect(types(ready.published)).not.toContain("Upgrade Due");
    expect(ready.starts).toEqual([]);
    // Scheduled runs go on starting nothing while the wave waits.
    for (const t of [90, 95, 120]) {
      const later = await f.run(t * MIN);
      expect(types(later.published)).not.toContain("Upgrade Due");
      expect(later.starts).toEqual([]);
    }

    const message = ready.published.find((e) => e.detailType === "Rollout Wave Ready");
    if (message?.detailType !== "Rollout Wave Ready") throw new Error("no Rollout Wave Ready");
    const first = message.detail.firstClusters.map((c) => c.name);
    expect(first).toEqual(rest.slice(0, 2));
    const [button] = actionButtons(message, SLACK, {
      tokenKey: KEY,
      baseUrl: null,
      now: new Date(s.start + 85 * MIN + 10_000),
    });
    const requested = await press(s, button?.token ?? "", 85 * MIN + 60_000);

    // An approval is not remembered, so each start waits for the precheck it runs (30s here,
    // read every 15s on the test clock) instead of leaving the start to a later Upgrade Due.
    const approved = await f.approve(requested, 85 * MIN + 61_000);
    expect(types(approved.published)).toEqual(["Upgrade Due", "Upgrade Due"]);
    expect(
      approved.published.map((e) => (e as EventOf<"Upgrade Due">).detail.cluster.name),
    ).toEqual(first);
    for (const e of approved.published) {
      expect(e.detail).toMatchObject({ wave: "rest", requestedBy: ALICE, upgradesDue: 2 });
    }
    expect(approved.starts).toEqual(first.map((name) => [name, 200]));
    expect(types(approved.outcomes)).toEqual(["Action Succeeded", "Action Succeeded"]);
    for (const o of approved.outcomes) {
      expect(o.detail).toMatchObject({ action: "upgrade", requestedBy: ALICE });
    }

    // The same delivery again (a rule's retry): the same ids, and nothing new starts.
    const again = await f.approve(requested, 85 * MIN + 150_000);
    expect(types(again.published)).toEqual(["Action Skipped"]);
    expect(again.published[0]?.detail).toMatchObject({
      reason: "already-done",
      severity: "warning",
      // A CCE upgrade in its pre-upgrade check is not listed yet (docs/rollouts.md, "Known
      // gap"), so the count may be below two; that one has begun is enough to start nothing.
      message: expect.stringMatching(
        /^wave rest has begun \([12] upgrading\): the scheduled runs start the rest$/,
      ),
    });
    expect(again.starts).toEqual([]);

    // From now on the cloud shows the wave begun: the scheduled runs start the rest, two at a time.
    // (They succeed at about 98m30s and 99m: the run at 100m prechecks the next two, and the
    // run at 105m starts them.)
    expect((await f.run(90 * MIN)).starts).toEqual([]);
    expect((await f.run(100 * MIN)).starts).toEqual([]);
    expect((await f.run(105 * MIN)).starts).toEqual(rest.slice(2).map((name) => [name, 200]));
  });

  it("approving while the rollout is halted publishes one Action Skipped and starts nothing", async () => {
    stack = await startRolloutStack(fleet("fail"), {
      rollouts: [ROLLOUT],
      defaults: { maintenanceWindows: [ALWAYS] },
    });
    const s = stack;
    const f = functions(s);
    expect((await f.run(5 * MIN)).starts).toEqual([]);
    expect((await f.run(10 * MIN)).starts).toEqual([["cce-canary", 200]]);
    // The canary fails at 22m05s: the rollout halts.
    const halted = await f.run(25 * MIN);
    expect(types(halted.published)).toContain("Rollout Halted");
    // A button from an older message (the token is as deliver signs it), pressed now.
    const token = signActionToken(
      {
        v: 1,
        action: "approve",
        rollout: "k8s-1.31",
        wave: "rest",
        receiver: "ops-slack",
        exp: Math.floor((s.start + 2 * 60 * MIN) / 1000),
      },
      KEY,
    );
    const requested = await press(s, token, 30 * MIN);
    const approved = await f.approve(requested, 30 * MIN + 1_000);
    expect(types(approved.published)).toEqual(["Action Skipped"]);
    expect(approved.published[0]?.detail).toMatchObject({
      action: "approve",
      rollout: "k8s-1.31",
      wave: "rest",
      reason: "precondition",
      severity: "warning",
      requestedBy: ALICE,
      dueEventId: requested.detail.id,
      message:
        "rollout k8s-1.31 is halted (failed: cce-canary): nothing starts until those clusters are done or leave the rollout",
    });
    expect(approved.starts).toEqual([]);
    expect(s.sim.requests.filter((r) => r.operation === "UpgradeCluster")).toHaveLength(1);
  });
});
