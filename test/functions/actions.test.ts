import { afterEach, describe, expect, it } from "vitest";
import { createPollStatusHandler } from "../../functions/poll-status/createHandler.ts";
import { configForSimulator } from "../../infra/local/simConfig.ts";
import { describeSimulator } from "../../infra/local/simulator/cli.ts";
import { createTestClock } from "../../infra/local/simulator/clock.ts";
import { loadScenario } from "../../infra/local/simulator/loadScenario.ts";
import { type Simulator, startSimulator } from "../../infra/local/simulator/server.ts";
import {
  type ActionFunction,
  createActionHandler,
  type RunDue,
} from "../../shared/actions/actionHandler.ts";
import { runCancel } from "../../shared/actions/runCancel.ts";
import { runPostcheck } from "../../shared/actions/runPostcheck.ts";
import { runResume } from "../../shared/actions/runResume.ts";
import { createSignedClient } from "../../shared/client/index.ts";
import {
  asBusEvent,
  type RecordedEvent,
  recordingBus,
  scheduledEvent,
} from "../helpers/recording-bus.ts";

// The real action handlers (middy, config, signed client, actions) fed with the due events the
// real poll-status handler published, against the simulator over loopback. EventBridge is the
// one fake: a recording client.
const MIN = 60_000;
let sim: Simulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

async function setup() {
  const scenario = await loadScenario("demo");
  const start = Date.parse(scenario.start);
  const clock = createTestClock(new Date(start + 25 * MIN + 5_000));
  sim = await startSimulator({ scenario, clock });
  const generated = configForSimulator(describeSimulator(sim) as never, {
    overrides: {
      "autopilot-fail": { onFailure: "cancel" },
      "cce-dryrun-fail": { onFailure: "cancel", dryRun: true },
      "ack-pause": {
        onPause: "resume-in-window",
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
  });
  const config = {
    env: { ...generated.env, SHEPHERD_CONFIG_JSON: JSON.stringify(generated.config) },
  };
  const bus = recordingBus();
  const client = createSignedClient({ sleep: async () => {} });
  await createPollStatusHandler({ eventBridge: bus, client, config })(
    scheduledEvent(new Date(start + 25 * MIN)),
    {} as never,
  );
  const due = (type: string, name: string) =>
    bus.events.find(
      (e) => e.detailType === type && (e.detail.cluster as { name: string }).name === name,
    ) as RecordedEvent;
  // Each function's own action, as its handler.ts passes it.
  const runs = { "Postcheck Due": runPostcheck, "Cancel Due": runCancel, "Resume Due": runResume };
  const handler = <T extends keyof typeof runs>(name: ActionFunction, type: T) =>
    createActionHandler(name, type, runs[type] as RunDue<T>, {
      eventBridge: bus,
      client,
      config,
      now: () => clock.now(),
    });
  return { bus, due, handler };
}

describe("action handlers on the bus", () => {
  it("cancels a failed Autopilot upgrade, resumes a paused ACK one, and checks a success", async () => {
    const { due, handler } = await setup();
    const cancel = await handler("cancel-on-failure", "Cancel Due")(
      asBusEvent(due("Cancel Due", "autopilot-fail")),
      {} as never,
    );
    expect(cancel).toMatchObject({ outcomes: ["Action Succeeded"], putEventsCalls: 1 });
    const resume = await handler("resume-upgrade", "Resume Due")(
      asBusEvent(due("Resume Due", "ack-pause")),
      {} as never,
    );
    expect(resume).toMatchObject({ outcomes: ["Action Succeeded"] });
    const postcheck = await handler("trigger-postcheck", "Postcheck Due")(
      asBusEvent(due("Postcheck Due", "cce-success")),
      {} as never,
    );
    expect(postcheck).toMatchObject({ outcomes: ["Postcheck Passed"] });
    const mutating = sim?.requests
      .filter((r) => r.mutated)
      .map((r) => r.operation)
      .sort();
    expect(mutating).toEqual(["CreatePostCheck", "ResumeTask", "UpgradeWorkFlowUpdate"]);
  });

  it("does everything but the call in dry run, and reports it", async () => {
    const { bus, due, handler } = await setup();
    const from = bus.events.length;
    await handler("cancel-on-failure", "Cancel Due")(
      asBusEvent(due("Cancel Due", "cce-dryrun-fail")),
      {} as never,
    );
    const [outcome] = bus.events.slice(from);
    expect(outcome).toMatchObject({
      detailType: "Action Skipped",
      detail: { reason: "dry-run", severity: "debug" },
    });
    expect(sim?.requests.filter((r) => r.mutated)).toEqual([]);
  });

  it("refuses an event meant for another function", async () => {
    const { due, handler } = await setup();
    await expect(
      handler("resume-upgrade", "Resume Due")(
        asBusEvent(due("Cancel Due", "autopilot-fail")),
        {} as never,
      ),
    ).rejects.toThrow(/handles Resume Due, not Cancel Due/);
  });
});
