import { afterEach, describe, expect, it } from "vitest";
import { parseDueEvent } from "../../shared/actions/parseDueEvent.ts";
import { runAction } from "../../shared/actions/runAction.ts";
import { type ShepherdEvent, ShepherdEventSchema } from "../../shared/events/shepherdEvent.ts";
import { clusterKey } from "../../shared/model/clusterIdentity.ts";
import { adapterOptions } from "../../shared/providers/target.ts";
import { type ActionStack, MIN, startActionStack, writes } from "../helpers/action-stack.ts";

// The three functions as their handlers will run them: a bus event in, parsed, the cluster
// looked up by key, runAction, outcome events out.
let stack: ActionStack | undefined;
afterEach(async () => {
  await stack?.sim.close();
  stack = undefined;
});

/** What an EventBridge rule hands the function: the entry, through JSON. */
const delivered = (e: ShepherdEvent) =>
  JSON.parse(
    JSON.stringify({
      version: "0",
      id: "6a7e8feb-b491-4cf7-a9f1-bf3703467718",
      source: "upgrade-shepherd",
      "detail-type": e.detailType,
      time: e.time,
      region: "us-east-1",
      resources: [],
      detail: e.detail,
    }),
  );

const DUE = new Set(["Postcheck Due", "Cancel Due", "Resume Due"]);

async function handleAll(s: ActionStack, events: readonly ShepherdEvent[], dryRun?: boolean) {
  const out: ShepherdEvent[] = [];
  for (const e of events.filter((x) => DUE.has(x.detailType))) {
    const due = parseDueEvent(delivered(e));
    const cluster = s.shepherd.clusters.find((c) => c.key === clusterKey(due.detail.cluster));
    const result = await runAction(due, {
      cluster,
      credentials: s.shepherd.credentials,
      client: s.client,
      now: () => s.clock.now(),
      adapters: adapterOptions(s.shepherd.config.poll),
      dryRun,
    });
    out.push(...result.events.map((x) => ShepherdEventSchema.parse(x)));
  }
  return out;
}

const summary = (events: readonly ShepherdEvent[]) =>
  events
    .map((e) => {
      const d = e.detail as { cluster?: { name?: string }; reason?: string };
      return `${d.cluster?.name} ${e.detailType}${d.reason ? ` (${d.reason})` : ""}`;
    })
    .sort();

describe("runAction", () => {
  it("in a dry run reads everything and changes nothing, for all three actions", async () => {
    stack = await startActionStack({ defaults: { dryRun: true } });
    const s = stack;
    const events = await s.poll(10 * MIN);
    const mark = s.sim.requests.length;

    const outcomes = await handleAll(s, events);

    // ack-fail has no Cancel Due at all: a failed ACK upgrade is over.
    expect(summary(outcomes)).toEqual([
      "ack-ok Postcheck Passed",
      "ack-pause Action Skipped (dry-run)",
      "ap-fail Action Skipped (dry-run)",
      "ap-ok Action Skipped (dry-run)",
      "cce-fail Action Skipped (dry-run)",
      "cce-ok Action Skipped (dry-run)",
      "cce-pause Action Skipped (dry-run)",
      "cce-pcfail Action Skipped (dry-run)",
    ]);
    expect(outcomes.every((e) => (e.detail as { dryRun: boolean }).dryRun)).toBe(true);
    const sent = s.since(mark);
    expect(sent.length).toBeGreaterThan(0);
    expect(writes(sent)).toEqual([]);
    expect(s.sim.requests.filter((r) => r.mutated)).toEqual([]);
    const cancel = outcomes.find(
      (e) =>
        e.detailType === "Action Skipped" &&
        "cluster" in e.detail &&
        e.detail.cluster.name === "cce-fail",
    );
    expect(cancel?.detail).toMatchObject({
      message: expect.stringMatching(
        /^dry run: would cancel upgrade workflow .+ \(UpgradeWorkFlowUpdate, phase Cancel\)$/,
      ),
    });
  });

  it("honours a deployment-wide dry run over a config that acts", async () => {
    stack = await startActionStack();
    const s = stack;
    const events = await s.poll(10 * MIN);
    const outcomes = await handleAll(s, events, true);
    expect(outcomes.filter((e) => e.detailType === "Action Skipped")).toHaveLength(7);
    expect(s.sim.requests.filter((r) => r.mutated)).toEqual([]);
  });

  it("acts on every due event of a run when the config lets it", async () => {
    stack = await startActionStack();
    const s = stack;
    const outcomes = await handleAll(s, await s.poll(10 * MIN));
    expect(summary(outcomes)).toEqual([
      "ack-ok Postcheck Passed",
      "ack-pause Action Succeeded",
      "ap-fail Action Succeeded",
      "ap-ok Postcheck Passed",
      "cce-fail Action Succeeded",
      "cce-ok Postcheck Passed",
      "cce-pause Action Succeeded",
      "cce-pcfail Postcheck Failed",
    ]);
    expect(
      s.sim.requests
        .filter((r) => r.mutated)
        .map((r) => r.operation)
        .sort(),
    ).toEqual([
      "ContinueUpgradeClusterTask",
      "CreatePostCheck",
      "CreatePostCheck",
      "CreatePostCheck",
      "ResumeTask",
      "UpgradeWorkFlowUpdate",
      "UpgradeWorkFlowUpdate",
    ]);
  });

  it("refuses to read anything but a due event", async () => {
    stack = await startActionStack();
    const events = await stack.poll(10 * MIN);
    const failed = events.find((e) => e.detailType === "Upgrade Failed");
    expect(failed).toBeDefined();
    expect(() => parseDueEvent(delivered(failed as ShepherdEvent))).toThrow(/detail-type/);
    const due = events.find((e) => e.detailType === "Cancel Due") as ShepherdEvent;
    expect(() => parseDueEvent({ ...delivered(due), source: "someone-else" })).toThrow();
    expect(parseDueEvent(delivered(due))).toEqual({ detailType: "Cancel Due", detail: due.detail });
  });
});
