import { describe, expect, it } from "vitest";
import {
  judgePrecheck,
  precheckReport,
  precheckState,
} from "../../shared/actions/judgePrecheck.ts";
import {
  ActionSkippedDetailSchema,
  PRECHECK_FINDING_MAX,
  PRECHECK_FINDINGS_MAX,
  precheckAnnounced,
} from "../../shared/events/outcomeDetails.ts";
import {
  AckCheckListSchema,
  AckCheckSchema,
  ackFindings,
  CcePrecheckSchema,
  mapAckCheck,
  mapAckCheckDetail,
  mapCcePrecheck,
  type PrecheckRecord,
} from "../../shared/providers/actions/precheckRecord.ts";

// The precheck verdict, pure: no I/O, a fixed clock. Inputs are the SDKs' documented shapes
// (go-sdk PrecheckClusterTask, ts-sdk ListClusterChecksResponseBody examples).
const NOW = new Date("2026-11-02T12:00:00.000Z");
const HOUR = 3_600_000;
const FRESH_FOR = 4 * HOUR;

const cce = (over: Partial<PrecheckRecord> = {}): PrecheckRecord => ({
  cloud: "huawei",
  id: "c1",
  targetVersion: "v1.31",
  status: "Success",
  createdAt: "2026-11-02T11:00:00.000Z",
  updatedAt: "2026-11-02T11:01:00.000Z",
  finishedAt: null,
  expiresAt: null,
  message: null,
  findings: [],
  ...over,
});
const ack = (over: Partial<PrecheckRecord> = {}): PrecheckRecord => ({
  cloud: "alibaba",
  id: "a1",
  targetVersion: null,
  status: "Succeeded",
  createdAt: "2026-11-02T11:00:00.000Z",
  updatedAt: null,
  finishedAt: "2026-11-02T11:01:00.000Z",
  expiresAt: null,
  message: "task succeed",
  findings: null,
  ...over,
});
const judge = (records: PrecheckRecord[], targetVersion = "v1.31") =>
  judgePrecheck({ records, targetVersion, now: NOW, freshForMs: FRESH_FOR }).kind;

describe("precheckState: the status table", () => {
  it.each([
    [cce({ status: "Init" }), "running", true],
    [cce({ status: "Running" }), "running", true],
    [cce({ status: "Success" }), "passed", true],
    [cce({ status: "Failed" }), "failed", true],
    [cce({ status: "Error" }), "failed", true],
    [cce({ status: "RollingBack" }), "failed", false],
    [cce({ status: "" }), "failed", false],
    [cce({ status: "success" }), "failed", false],
    [ack({ status: "Succeeded" }), "passed", true],
    [ack({ status: "Failed" }), "failed", true],
    [ack({ status: "Running", finishedAt: null }), "running", false],
    [ack({ status: "Canceled", finishedAt: "2026-11-02T11:01:00.000Z" }), "failed", false],
    [ack({ status: "", finishedAt: null }), "running", false],
  ] as const)("%# %o is %s", (record, state, documented) => {
    expect(precheckState(record)).toEqual({ state, documented });
  });
});

describe("judgePrecheck", () => {
  it.each([
    ["no record", [], "run"],
    ["only another target's", [cce({ targetVersion: "v1.30" })], "run"],
    ["a fresh pass", [cce()], "passed"],
    ["a pass for the full patch version", [cce({ targetVersion: "v1.31.2-r0" })], "passed"],
    ["running", [cce({ status: "Running" })], "running"],
    ["a fresh failure", [cce({ status: "Failed" })], "findings"],
    ["an undocumented status", [cce({ status: "Checking" })], "findings"],
    ["a pass past its bound", [cce({ updatedAt: "2026-11-02T08:00:00.000Z" })], "run"],
    [
      "a failure past its bound",
      [cce({ status: "Failed", updatedAt: "2026-11-02T07:59:00.000Z" })],
      "run",
    ],
    [
      "a pass before the cloud's expiry",
      [cce({ updatedAt: "2026-11-01T00:00:00.000Z", expiresAt: "2026-11-02T12:00:01.000Z" })],
      "passed",
    ],
    ["a pass at the cloud's expiry", [cce({ expiresAt: "2026-11-02T12:00:00.000Z" })], "run"],
    ["a record with no time at all", [cce({ createdAt: null, updatedAt: null })], "run"],
    ["ACK: a check names no target, so counts", [ack()], "passed"],
    ["ACK: running", [ack({ status: "Running", finishedAt: null })], "running"],
    ["ACK: failed", [ack({ status: "Failed" })], "findings"],
    ["ACK: undocumented and finished", [ack({ status: "Weird" })], "findings"],
    ["ACK: stale by finished_at", [ack({ finishedAt: "2026-11-02T07:00:00.000Z" })], "run"],
  ])("%s", (_, records, kind) => {
    expect(judge(records as PrecheckRecord[])).toBe(kind);
  });

  it("takes the newest record for the target, whatever the list's order", () => {
    const old = cce({ id: "old", status: "Failed", createdAt: "2026-11-02T10:00:00.000Z" });
    const mid = cce({ id: "mid", status: "Running", createdAt: "2026-11-02T11:30:00.000Z" });
    const other = cce({
      id: "other",
      targetVersion: "v1.32",
      createdAt: "2026-11-02T11:59:00.000Z",
    });
    for (const records of [
      [old, mid, other],
      [other, mid, old],
    ]) {
      const v = judgePrecheck({ records, targetVersion: "v1.31", now: NOW, freshForMs: FRESH_FOR });
      expect(v.kind === "running" && v.record.id).toBe("mid");
    }
  });

  it("says why it runs a new one", () => {
    const v = judgePrecheck({
      records: [cce({ status: "Failed", updatedAt: "2026-11-02T07:00:00.000Z" })],
      targetVersion: "v1.31",
      now: NOW,
      freshForMs: FRESH_FOR,
    });
    expect(v).toEqual({
      kind: "run",
      message:
        "the newest precheck c1 for v1.31 (status Failed) is stale: it finished at 2026-11-02T07:00:00.000Z, 4h or more ago",
    });
  });
});

describe("precheckReport: bounded findings", () => {
  it("keeps at most 10 lines of at most 300 characters, one line each, without control characters", () => {
    const findings = Array.from(
      { length: 14 },
      (_, i) => `item ${i}\n\tline two\u0007 ${"x".repeat(400)}`,
    );
    const v = judgePrecheck({
      records: [cce({ status: "Failed", findings })],
      targetVersion: "v1.31",
      now: NOW,
      freshForMs: FRESH_FOR,
    });
    if (v.kind !== "findings") throw new Error(v.kind);
    const { report, message } = precheckReport(v);
    expect(report.findings).toHaveLength(PRECHECK_FINDINGS_MAX);
    expect(report.findings[9]).toBe("and 5 more findings");
    expect(report.findings[0]).toMatch(/^item 0 line two x+…$/);
    for (const f of report.findings) {
      expect([...f].length).toBeLessThanOrEqual(PRECHECK_FINDING_MAX);
      expect(f).not.toMatch(/\p{Cc}/u);
    }
    expect(message).toMatch(
      /did not pass \(status Failed, finished 2026-11-02T11:01:00.000Z\): item 0/,
    );
    expect(message).toContain("(+11 more)");
    expect([...message].length).toBeLessThanOrEqual(1000);
    expect(report).toMatchObject({
      id: "c1",
      status: "Failed",
      finishedAt: "2026-11-02T11:01:00.000Z",
    });
  });

  it("falls back to the record's message when it names no item, and says an undocumented status is no pass", () => {
    const v = judgePrecheck({
      records: [cce({ status: "Checking", message: "addon check timed out", findings: [] })],
      targetVersion: "v1.31",
      now: NOW,
      freshForMs: FRESH_FOR,
    });
    if (v.kind !== "findings") throw new Error(v.kind);
    const { report, message } = precheckReport(v);
    expect(report.findings).toEqual(["addon check timed out"]);
    expect(message).toContain("status Checking, undocumented: not a pass");
  });
});

describe("reading the documented shapes", () => {
  it("maps a CCE precheck task (go-sdk PrecheckClusterTask) with its failed items only", () => {
    const task = CcePrecheckSchema.parse({
      kind: "PreCheckTask",
      apiVersion: "v3",
      metadata: {
        uid: "7a1b",
        creationTimestamp: "2026-11-02 19:00:00.12345 +0800 CST",
        updateTimestamp: "2026-11-02 19:01:00 +0800 CST",
      },
      spec: { clusterID: "c", clusterVersion: "v1.30.4-r0", targetVersion: "v1.31" },
      status: {
        phase: "Failed",
        expireTimeStamp: "2026-11-03 19:01:00 +0800 CST",
        clusterCheckStatus: {
          phase: "Failed",
          itemsStatus: [
            { name: "A", group: "LimitCheck", level: "Info", phase: "Success", message: "" },
            {
              name: "B",
              kind: "Risk",
              group: "LimitCheck",
              level: "Warning",
              phase: "Failed",
              message: "b",
            },
          ],
        },
        addonCheckStatus: null,
        nodeCheckStatus: {
          nodeStageStatus: [
            { nodeInfo: { name: "n1" }, itemsStatus: { name: "C", phase: "Failed" } },
          ],
        },
      },
    });
    expect(mapCcePrecheck(task)).toEqual({
      cloud: "huawei",
      id: "7a1b",
      targetVersion: "v1.31",
      status: "Failed",
      createdAt: "2026-11-02T11:00:00.123Z",
      updatedAt: "2026-11-02T11:01:00.000Z",
      finishedAt: null,
      expiresAt: "2026-11-03T11:01:00.000Z",
      message: null,
      findings: ["LimitCheck B [Warning, Risk] Failed: b", "node n1: node C Failed: no message"],
    });
  });

  it("maps ACK's documented list example (nanosecond times) and reads items it cannot name", () => {
    const list = AckCheckListSchema.parse({
      checks: [
        {
          check_id: "1697100584236600453-ce0da5a1d627e4e9e9f96cae8ad07****-clustercheck-lboto",
          type: "ClusterUpgrade",
          status: "Succeeded",
          message: "task succeed",
          created_at: "2025-04-11T02:56:02.565982623Z",
          finished_at: "2025-04-11T02:56:18.881054031Z",
        },
      ],
    });
    expect(list.checks.map(mapAckCheck)).toEqual([
      expect.objectContaining({
        status: "Succeeded",
        createdAt: "2025-04-11T02:56:02.565Z",
        finishedAt: "2025-04-11T02:56:18.881Z",
        findings: null,
      }),
    ]);
    const detail = AckCheckSchema.parse({
      check_id: "x",
      status: "Failed",
      check_items: {
        Cluster: [
          { name: "ok", level: "info" },
          { Name: "Deprecated", Level: "error", Desc: "apps/v1beta1" },
        ],
        Nodes: { weird: 1 },
      },
    });
    expect(mapAckCheckDetail(detail).findings).toEqual([
      "Cluster Deprecated [error]: apps/v1beta1",
      'Nodes (unnamed check): {"weird":1}',
    ]);
    expect(ackFindings(null)).toEqual([]);
  });
});

describe("announced once: the window of the precheck's finish", () => {
  const window = {
    t: "2026-11-02T12:00:00.000Z",
    start: "2026-11-02T11:54:00.000Z",
    end: "2026-11-02T11:59:00.000Z",
  };
  const report = (finishedAt: string | null) => ({
    id: "c1",
    status: "Failed",
    finishedAt,
    findings: ["x"],
  });
  it.each([
    ["2026-11-02T11:54:00.000Z", false],
    ["2026-11-02T11:54:00.001Z", true],
    ["2026-11-02T11:59:00.000Z", true],
    ["2026-11-02T11:59:00.001Z", false],
  ])("finished %s: %s", (at, announced) => {
    expect(precheckAnnounced(report(at), window)).toBe(announced);
  });
  it("has no time, or no precheck: not announced", () => {
    expect(precheckAnnounced(report(null), window)).toBe(false);
    expect(precheckAnnounced(undefined, window)).toBe(false);
  });
  it("refuses an Action Skipped precheck whose severity does not follow the window", () => {
    const detail = {
      id: "0123456789abcdef0123456789abcdef",
      cluster: { provider: "cce", region: "cn-north-4", clusterId: "c", projectId: "p", name: "n" },
      upgrade: null,
      window,
      consoleUrl: "https://console.huaweicloud.com/cce2.0/",
      dueEventId: "0123456789abcdef0123456789abcdef",
      dryRun: false,
      action: "upgrade",
      reason: "precheck",
      message: "m",
      precheck: report("2026-11-02T10:00:00.000Z"),
    };
    expect(ActionSkippedDetailSchema.safeParse({ ...detail, severity: "warning" }).success).toBe(
      false,
    );
    expect(ActionSkippedDetailSchema.safeParse({ ...detail, severity: "debug" }).success).toBe(
      true,
    );
    const inside = { ...detail, precheck: report("2026-11-02T11:58:00.000Z") };
    expect(ActionSkippedDetailSchema.safeParse({ ...inside, severity: "warning" }).success).toBe(
      true,
    );
  });
});
