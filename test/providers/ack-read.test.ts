import { describe, expect, it } from "vitest";
import { ProviderError } from "../../shared/client/index.ts";
import type { ProviderResponse } from "../../shared/client/types.ts";
import {
  ackTaskPhase,
  mapAckLegacy,
  mapAckTask,
  newestUpgradeTask,
} from "../../shared/providers/ackMap.ts";
import {
  AckTaskInfoSchema,
  AckTaskListSchema,
  AckTaskSummarySchema,
  AckUpgradeStatusSchema,
} from "../../shared/providers/ackSchema.ts";
import { parseAckTime } from "../../shared/providers/ackTime.ts";
import { parseBody } from "../../shared/providers/parse.ts";
import { fixture } from "../helpers/demo-harness.ts";

// ACK answers as the sources show them (test/fixtures/ack: the API pages' examples, the SDK
// model's @examples, the older Go model), through the real schemas and mappings.
type Json = Record<string, unknown>;
const info = fixture("ack/DescribeTaskInfo.json") as Json;
const status = fixture("ack/GetUpgradeStatus.json") as Json;
const list = fixture("ack/DescribeClusterTasks.json") as Json;
const nested = fixture("ack/GetUpgradeStatus-nested-failure.json") as Json;

/** The current DescribeTaskInfo page's extra fields, with the SDK model's @example values. */
const sdkExamples = {
  current_stage: "DrainNodes",
  stages: [
    {
      state: "running",
      start_time: "2022-12-15 23:00:00",
      end_time: "2022-12-15 23:00:00",
      message: "success to xxxxx",
    },
  ],
  events: [
    {
      action: "start",
      level: "Normal",
      message: "start to xxx",
      reason: "NodePoolUpgradeStart",
      source: "ACK",
      timestamp: "1669706229286",
    },
  ],
  error: { code: "400", message: "failed to xxx" },
};

const task = (over: Json = {}) => AckTaskInfoSchema.parse({ ...info, ...over });
const response = (body: unknown, raw = JSON.stringify(body)): ProviderResponse => ({
  status: 200,
  headers: {},
  body,
  raw,
  requestId: "0527ac9a-c899-4341-a21a-xxxxxxxxx",
  attempts: 1,
});

describe("DescribeTaskInfo state", () => {
  it.each([
    ["running", "running"],
    ["paused", "paused"], // after PauseTask (the ACK CLI's paused_after_pause waiter)
    ["fail", "failed"], // the SDK model
    ["failed", "failed"], // an earlier page edition; Terraform's fail states
    ["success", "succeeded"],
    ["canceled", "cancelled"], // after CancelTask (canceled_after_cancel)
  ])("reads %s as %s", (state, phase) => {
    const upgrade = mapAckTask(task({ state }), undefined);
    expect(upgrade).toMatchObject({ phase, rawPhase: state, id: "T-5faa48fb31b6b8078d000006" });
    expect(upgrade.createdAt).toBe("2020-11-10T08:02:04.000Z");
    const terminal = ["failed", "succeeded", "cancelled"].includes(phase);
    expect(upgrade.finishedAt).toBe(terminal ? "2020-11-10T08:03:06.000Z" : null);
  });

  it("reads a paused task as paused from the task API alone, and running again after ResumeTask", () => {
    const paused = mapAckTask(task({ state: "paused" }), undefined);
    expect(paused).toMatchObject({ phase: "paused", updatedAt: "2020-11-10T08:03:06.000Z" });
    expect(mapAckTask(task({ state: "running" }), undefined).phase).toBe("running");
  });

  it.each(["waiting", "rollback", "Unknown", ""])(
    "reads a state no source documents (%j) as unknown, keeping the raw value",
    (state) => {
      const upgrade = mapAckTask(task({ state }), undefined);
      expect(upgrade).toMatchObject({ phase: "unknown", rawPhase: state, finishedAt: null });
    },
  );

  it("still refuses a body without a state: there is nothing to read", () => {
    const { state: _state, ...rest } = info;
    expect(() =>
      parseBody(AckTaskInfoSchema, response(rest), "alibaba", "DescribeTaskInfo"),
    ).toThrow(/state/);
  });

  it("reads the SDK's example stages (zone-less, UTC+8), events (epoch ms) and error", () => {
    const upgrade = mapAckTask(task({ ...sdkExamples, state: "fail" }), undefined);
    expect(upgrade.steps).toEqual([
      {
        name: "DrainNodes",
        status: "running",
        startedAt: "2022-12-15T15:00:00.000Z",
        finishedAt: "2022-12-15T15:00:00.000Z",
      },
    ]);
    expect(upgrade.message).toBe("failed to xxx");
  });

  it("accepts stages and events as null, absent, or a single object", () => {
    for (const empty of [null, undefined, []]) {
      expect(task({ stages: empty, events: empty }).stages).toEqual([]);
    }
    const single = task({ stages: sdkExamples.stages[0], events: sdkExamples.events[0] });
    expect(single.stages).toHaveLength(1);
    expect(single.events).toEqual([expect.objectContaining({ timestamp: "1669706229286" })]);
  });

  it("takes a failed task's message from its newest Warning event when it has no error", () => {
    const upgrade = mapAckTask(
      task({
        state: "failed",
        events: [
          { level: "Warning", message: "older", timestamp: 1669706229286 },
          { level: "Warning", message: "newest", timestamp: "1669706239286" },
          { level: "Normal", message: "not a warning", timestamp: "1669706249286" },
        ],
      }),
      undefined,
    );
    expect(upgrade.message).toBe("newest");
  });
});

describe("GetUpgradeStatus beside a running task", () => {
  it("reads the pause form (status pause) of a task the task API still calls running", () => {
    const live = AckUpgradeStatusSchema.parse({
      ...status,
      status: "pause",
      upgrade_step: "pause",
    });
    expect(mapAckTask(task({ state: "running" }), live)).toMatchObject({
      phase: "paused",
      rawPhase: "running/pause",
    });
  });

  it("never reads the older failure form as a pause to resume", () => {
    const live = AckUpgradeStatusSchema.parse(nested);
    expect(mapAckTask(task({ state: "running" }), live)).toMatchObject({
      phase: "unknown",
      rawPhase: "running/pause/failed",
    });
  });
});

describe("DescribeClusterTasks: which task is the cluster upgrade", () => {
  const summaries = (body: unknown) =>
    AckTaskListSchema.parse(body).tasks.map((t) => AckTaskSummarySchema.parse(t));
  const upgradeTask = {
    task_id: "T-5faa48fb31b6b8078d000007",
    task_type: "cluster_upgrade",
    state: "running",
    created: "2022-08-03T09:00:00+08:00",
    updated: "2022-08-03T09:30:00.123+08:00",
  };

  it("never takes the documented example's add-on task for the upgrade", () => {
    expect(newestUpgradeTask(summaries(list), "cluster_upgrade")).toBeUndefined();
  });

  it("takes exactly cluster_upgrade, even when newer upgrade-named tasks of other types are listed", () => {
    const tasks = (list.tasks as Json[]).concat(
      upgradeTask,
      {
        ...upgradeTask,
        task_id: "addon",
        task_type: "cluster_addon_upgrade",
        created: "2022-08-03T11:00:00+08:00",
      },
      {
        ...upgradeTask,
        task_id: "pool",
        task_type: "nodepool_upgrade",
        created: "2022-08-03T12:00:00+08:00",
      },
      {
        ...upgradeTask,
        task_id: "rt",
        task_type: "runtime_upgrade",
        created: "2022-08-03T13:00:00+08:00",
      },
    );
    expect(newestUpgradeTask(summaries({ ...list, tasks }), "cluster_upgrade")?.task_id).toBe(
      upgradeTask.task_id,
    );
  });

  it("takes the newest cluster_upgrade by created, whatever the list order", () => {
    const older = { ...upgradeTask, task_id: "older", created: "2021-01-01T00:00:00+08:00" };
    for (const tasks of [
      [older, upgradeTask],
      [upgradeTask, older],
    ]) {
      expect(newestUpgradeTask(summaries({ tasks }), "cluster_upgrade")?.task_id).toBe(
        upgradeTask.task_id,
      );
    }
  });

  it("accepts tasks as null, absent or one bare object, and page_info numbers as strings", () => {
    expect(AckTaskListSchema.parse({ tasks: null }).tasks).toEqual([]);
    expect(AckTaskListSchema.parse({}).tasks).toEqual([]);
    expect(AckTaskListSchema.parse({ tasks: upgradeTask }).tasks).toEqual([upgradeTask]);
    const strings = AckTaskListSchema.parse({
      ...list,
      page_info: { page_size: "10", page_number: "1", total_count: "10" },
    });
    expect(strings.page_info).toEqual({ page_size: 10, page_number: 1, total_count: 10 });
    expect(
      AckTaskListSchema.parse({ ...list, page_info: { total_count: "many" } }).page_info,
    ).toEqual({
      page_size: undefined,
      page_number: undefined,
      total_count: undefined,
    });
  });

  it("keeps a truly unreadable body a parse error carrying the raw body", () => {
    const raw = '{"tasks": "not a list", "page_info": 3';
    const error = (() => {
      try {
        parseBody(AckTaskListSchema, response("not json", raw), "alibaba", "DescribeClusterTasks");
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ kind: "parse", operation: "DescribeClusterTasks", rawBody: raw });
  });
});

describe("legacy GetUpgradeStatus alone", () => {
  it("reads the older nested failure form as failed, not paused (aliyungo UpgradeTask)", () => {
    const upgrade = mapAckLegacy("c1", AckUpgradeStatusSchema.parse(nested));
    expect(upgrade).toMatchObject({
      phase: "failed",
      rawPhase: "pause/pause/failed",
      message: "upgrade master1 failed",
      source: "ack-upgrade-status",
    });
  });

  it("reads is_canceled as cancelled, and a bare upgrade_task Failed as failed", () => {
    const canceled = { ...nested, upgrade_task: { upgrade_status: { is_canceled: true } } };
    expect(mapAckLegacy("c1", AckUpgradeStatusSchema.parse(canceled))?.phase).toBe("cancelled");
    const failed = {
      ...status,
      status: "running",
      upgrade_step: "upgrading",
      upgrade_task: { status: "Failed", message: "m" },
    };
    expect(mapAckLegacy("c1", AckUpgradeStatusSchema.parse(failed))?.phase).toBe("failed");
  });

  it("reads no upgrade from the never-started forms", () => {
    for (const s of [
      { status: "", upgrade_step: "not_start" },
      {},
      { status: "", upgrade_step: "" },
    ]) {
      expect(mapAckLegacy("c1", AckUpgradeStatusSchema.parse(s))).toBeNull();
    }
  });

  it.each([
    [{ status: "rollback", upgrade_step: "not_start" }, "rollback/not_start"],
    [{ status: "", upgrade_step: "rollingback" }, "/rollingback"],
    [{ status: "waiting" }, "waiting/"],
  ])("reads undocumented values %j as unknown, raw kept", (body, raw) => {
    expect(mapAckLegacy("c1", AckUpgradeStatusSchema.parse(body))).toMatchObject({
      phase: "unknown",
      rawPhase: raw,
    });
  });
});

describe("ACK time forms", () => {
  it("reads every form a source shows, whichever field it arrives in", () => {
    expect(parseAckTime("2020-11-10T16:02:04+08:00")).toBe("2020-11-10T08:02:04.000Z");
    expect(parseAckTime("2022-08-03T10:12:03.482+08:00")).toBe("2022-08-03T02:12:03.482Z");
    expect(parseAckTime("2022-12-15 23:00:00")).toBe("2022-12-15T15:00:00.000Z");
    expect(parseAckTime("1669706229286")).toBe("2022-11-29T07:17:09.286Z");
    expect(parseAckTime(1669706229286)).toBe("2022-11-29T07:17:09.286Z");
    expect(parseAckTime("")).toBeNull();
    expect(parseAckTime(null)).toBeNull();
  });

  it("refuses a time in no documented form, which fails the read as parse", () => {
    expect(() => parseAckTime("yesterday")).toThrow(/unreadable timestamp/);
    expect(() => mapAckTask(task({ created: "10/11/2020" }), undefined)).toThrow(/unreadable/);
    expect(ackTaskPhase("RUNNING")).toBe("running");
  });
});
