import { describe, expect, it } from "vitest";
import { mapAckLegacy, mapAckTask } from "../../shared/providers/ackMap.ts";
import { AckTaskInfoSchema, AckUpgradeStatusSchema } from "../../shared/providers/ackSchema.ts";
import { mapCceUpgrade } from "../../shared/providers/cceMap.ts";
import {
  CceTaskListSchema,
  CceTaskSchema,
  CceWorkflowSchema,
} from "../../shared/providers/cceSchema.ts";
import { fixture } from "../helpers/demo-harness.ts";

// The documented response bodies (test/fixtures, copied from the providers' API pages), with
// each documented status string put in turn, through the real schemas and mappings.
type Json = Record<string, unknown>;
const cceTask = fixture("cce/ShowUpgradeClusterTask.json") as Json;
const workflow = fixture("cce/UpgradeWorkFlowUpdate.json") as Json;
const withPhase = (body: Json, phase: string) => ({
  ...body,
  status: { ...(body.status as Json), phase },
});

describe("CCE and Autopilot task phases", () => {
  it("parses the documented list example: two successful tasks", () => {
    const list = CceTaskListSchema.parse(fixture("cce/ListUpgradeClusterTasks.json"));
    expect(list.items.map((t) => t.status.phase)).toEqual(["Success", "Success"]);
  });

  it.each([
    ["Init", "pending"],
    ["Queuing", "pending"],
    ["Running", "running"],
    ["Pause", "paused"],
    ["Success", "succeeded"],
    ["Failed", "failed"],
  ])("maps task phase %s to %s", (raw, phase) => {
    const upgrade = mapCceUpgrade(CceTaskSchema.parse(withPhase(cceTask, raw)), undefined);
    expect(upgrade.phase).toBe(phase);
    expect(upgrade.rawPhase).toBe(raw);
    expect(upgrade.createdAt).toBe("2022-12-16T05:40:20.756Z");
    expect(upgrade.fromVersion).toBe("v1.19.16-r4");
    expect(upgrade.toVersion).toBe("v1.23.5-r0");
  });

  it("takes the finish time from a terminal phase only: the Init example already has completionTime", () => {
    const init = mapCceUpgrade(CceTaskSchema.parse(cceTask), undefined);
    expect(init.finishedAt).toBeNull();
    const done = mapCceUpgrade(CceTaskSchema.parse(withPhase(cceTask, "Success")), undefined);
    expect(done.finishedAt).toBe("2022-12-16T05:40:20.756Z");
    expect(done.progress).toBe(100);
  });

  it("reads a phase the docs do not list as unknown, keeping the raw value", () => {
    const upgrade = mapCceUpgrade(CceTaskSchema.parse(withPhase(cceTask, "Upgrading")), undefined);
    expect(upgrade).toMatchObject({ phase: "unknown", rawPhase: "Upgrading", finishedAt: null });
  });

  it.each(["Init", "Running", "Pending", "Success", "Cancel"])(
    "reads the documented workflow example with workflow phase %s",
    (raw) => {
      const wf = CceWorkflowSchema.parse(withPhase(workflow, raw));
      expect(wf.status.pointStatuses.map((p) => p.taskType)).toEqual([
        "PreCheck",
        "Snapshot",
        "Cluster",
        "PostCheck",
      ]);
    },
  );

  it("turns a failed task whose workflow was cancelled into a cancelled upgrade, dated no earlier than its failure", () => {
    const wf = CceWorkflowSchema.parse(workflow);
    const task = CceTaskSchema.parse({
      ...withPhase(cceTask, "Failed"),
      metadata: { ...(cceTask.metadata as Json), uid: "6d799ff6-3afe-4242-80b4-6f0a0fa746cb" },
    });
    const upgrade = mapCceUpgrade(task, wf);
    expect(upgrade).toMatchObject({
      phase: "cancelled",
      rawPhase: "Failed/workflow:Cancel",
      // The workflow's updateTimestamp (07:49:30) is older than the Cluster step's failure.
      finishedAt: "2023-11-25T07:58:35.507Z",
      workflowId: "c271e39e-1a6e-4d3d-8fa8-2a36329c68d1",
      workflowPhase: "Cancel",
    });
    expect(upgrade.steps.map((s) => [s.name, s.status])).toEqual([
      ["PreCheck", "Success"],
      ["Snapshot", null],
      ["Cluster", "Failed"],
      ["PostCheck", null],
    ]);
  });
});

describe("ACK task states and GetUpgradeStatus", () => {
  const info = fixture("ack/DescribeTaskInfo.json") as Json;
  const status = fixture("ack/GetUpgradeStatus.json") as Json;

  it.each([
    ["running", "running"],
    ["fail", "failed"],
    ["failed", "failed"],
    ["success", "succeeded"],
  ])("maps task state %s to %s", (state, phase) => {
    const upgrade = mapAckTask(AckTaskInfoSchema.parse({ ...info, state }), undefined);
    expect(upgrade.phase).toBe(phase);
    expect(upgrade.id).toBe("T-5faa48fb31b6b8078d000006");
    expect(upgrade.createdAt).toBe("2020-11-10T08:02:04.000Z");
    expect(upgrade.finishedAt).toBe(phase === "running" ? null : "2020-11-10T08:03:06.000Z");
  });

  it.each([
    ["pause", "pause", "paused"],
    ["running", "prechecking", "prechecking"],
    ["running", "upgrading", "running"],
  ])("reads a running task with GetUpgradeStatus %s/%s as %s", (s, step, phase) => {
    const live = AckUpgradeStatusSchema.parse({ ...status, status: s, upgrade_step: step });
    const upgrade = mapAckTask(AckTaskInfoSchema.parse(info), live);
    expect(upgrade.phase).toBe(phase);
    expect(upgrade.rawPhase).toBe(`running/${s}`);
  });

  it.each([
    ["success", "success", "succeeded"],
    ["fail", "upgrading", "failed"],
    ["pause", "pause", "paused"],
    ["running", "prechecking", "prechecking"],
    ["running", "upgrading", "running"],
  ])("maps legacy GetUpgradeStatus %s/%s to %s, with no times", (s, step, phase) => {
    const upgrade = mapAckLegacy(
      "c1",
      AckUpgradeStatusSchema.parse({ ...status, status: s, upgrade_step: step }),
    );
    expect(upgrade).toMatchObject({
      phase,
      id: "legacy:c1",
      createdAt: null,
      finishedAt: null,
      source: "ack-upgrade-status",
    });
  });
});
