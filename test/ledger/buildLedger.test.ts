import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { decide } from "../../shared/decide/decide.ts";
import { windowFor } from "../../shared/decide/windowFor.ts";
import { buildLedger, ledgerEntry } from "../../shared/ledger/buildLedger.ts";
import { csvField, ledgerCsv } from "../../shared/ledger/ledgerCsv.ts";
import { LedgerEntrySchema } from "../../shared/ledger/ledgerEntry.ts";
import { mapCceUpgrade, workflowOf } from "../../shared/providers/cceMap.ts";
import {
  CceTaskListSchema,
  CceTaskSchema,
  CceWorkflowSchema,
} from "../../shared/providers/cceSchema.ts";
import { CCE, cceUpgrade, HOUR, iso, MIN, POLICY, T0 } from "../decide/fixtures.ts";

const fixture = (name: string) =>
  JSON.parse(readFileSync(new URL(`../fixtures/cce/${name}.json`, import.meta.url), "utf8"));

/** The documented ListUpgradeClusterTasks example (two past upgrades), mapped as the reader maps them. */
const documented = CceTaskListSchema.parse(fixture("ListUpgradeClusterTasks")).items.map((t) =>
  mapCceUpgrade(t, undefined),
);

describe("buildLedger", () => {
  it("lists the documented task list's two upgrades, newest first, with versions, times and durations", () => {
    const ledger = buildLedger([{ cluster: CCE, upgrades: documented }]);
    expect(ledger.map((e) => [e.upgradeId, e.fromVersion, e.toVersion, e.outcome])).toEqual([
      ["91755b96-5fd8-4a6a-bda1-983de9055996", "v1.19.16-r80", "v1.23.8-r10", "succeeded"],
      ["f40cafed-7bf1-4c3b-b619-80113b4bbb18", "v1.17.17-r0", "v1.19.16-r80", "succeeded"],
    ]);
    // 19:54:35.194306 to 20:14:35.194306 +0800: exactly 20 minutes.
    expect(ledger[0]?.startedAt).toBe("2023-11-24T11:54:35.194Z");
    expect(ledger[0]?.finishedAt).toBe("2023-11-24T12:14:35.194Z");
    expect(ledger[0]?.durationMs).toBe(20 * MIN);
    // 16:41:12.09236 to 16:44:05.634206: 173.542 s (milliseconds kept, microseconds cut).
    expect(ledger[1]?.durationMs).toBe(173_542);
    for (const e of ledger) expect(LedgerEntrySchema.safeParse(e).success).toBe(true);
  });

  it("gives the ids decide gives the same upgrade's Started and Succeeded events", () => {
    const u = cceUpgrade({
      phase: "succeeded",
      rawPhase: "Success",
      createdAt: iso(T0 - HOUR),
      finishedAt: iso(T0 - 3 * MIN),
    });
    const snapshot = { cluster: CCE, readAt: iso(T0), upgrade: u };
    const startRun = decide(
      { ...snapshot, upgrade: { ...u, phase: "running", finishedAt: null } },
      windowFor(new Date(T0 - HOUR + 5 * MIN), POLICY.intervalMs, POLICY.lagMs),
      POLICY,
    );
    const endRun = decide(
      snapshot,
      windowFor(new Date(T0), POLICY.intervalMs, POLICY.lagMs),
      POLICY,
    );
    const started = startRun.find((e) => e.detailType === "Upgrade Started");
    const succeeded = endRun.find((e) => e.detailType === "Upgrade Succeeded");
    const entry = ledgerEntry(CCE, u);
    expect(entry.eventIds.started).toBe(started?.detail.id);
    expect(entry.eventIds.finished).toBe(succeeded?.detail.id);
  });

  it("shows what the cloud records was done: a cancel (workflow Cancel) and a PostCheck with its status", () => {
    const workflow = CceWorkflowSchema.parse(fixture("UpgradeWorkFlowUpdate"));
    const clusterPoint = workflow.status.pointStatuses.find((p) => p.taskType === "Cluster");
    const task = CceTaskSchema.parse({
      metadata: {
        uid: clusterPoint?.taskID ?? "",
        creationTimestamp: "2023-11-25 07:20:00.000000 +0000 UTC",
      },
      spec: { version: "v1.17.17-r0", targetVersion: "v1.19.16-r80" },
      status: { phase: "Failed" },
    });
    expect(workflowOf(task, [workflow])).toBe(workflow);
    const cancelled = ledgerEntry(CCE, mapCceUpgrade(task, workflow));
    expect(cancelled.outcome).toBe("cancelled");
    expect(cancelled.actions).toEqual([
      { action: "cancel", status: "Failed/workflow:Cancel", at: "2023-11-25T07:58:35.507Z" },
    ]);
    expect(cancelled.steps.find((s) => s.name === "Cluster")?.durationMs).toBe(545_224);

    const checked = ledgerEntry(
      CCE,
      cceUpgrade({
        phase: "succeeded",
        finishedAt: iso(T0 - 2 * HOUR),
        steps: [
          {
            name: "PostCheck",
            status: "Failed",
            startedAt: iso(T0 - HOUR),
            finishedAt: iso(T0 - 50 * MIN),
          },
        ],
      }),
    );
    expect(checked.actions).toEqual([
      { action: "postcheck", status: "Failed", at: iso(T0 - 50 * MIN) },
    ]);
  });

  it("leaves out upgrades finished before --since, keeps running ones, and one entry per upgrade id", () => {
    const old = cceUpgrade({
      id: "old",
      phase: "succeeded",
      createdAt: iso(T0 - 40 * 24 * HOUR),
      finishedAt: iso(T0 - 40 * 24 * HOUR + HOUR),
    });
    const oldRunning = cceUpgrade({ id: "stuck", createdAt: iso(T0 - 40 * 24 * HOUR) });
    const recent = cceUpgrade({
      id: "new",
      phase: "failed",
      createdAt: iso(T0 - 2 * HOUR),
      finishedAt: iso(T0 - HOUR),
    });
    const ledger = buildLedger(
      [{ cluster: CCE, upgrades: [recent, old, oldRunning, { ...recent, phase: "running" }] }],
      {
        since: T0 - 30 * 24 * HOUR,
      },
    );
    expect(ledger.map((e) => [e.upgradeId, e.outcome])).toEqual([
      ["new", "failed"],
      ["stuck", "running"],
    ]);
    expect(ledger[1]?.durationMs).toBeNull();
  });
});

describe("ledgerCsv", () => {
  it("writes a header and one row per upgrade, quoting and defusing what the clouds sent", () => {
    const entry = ledgerEntry(
      { ...CCE, name: '=HYPERLINK("http://x","click"), prod' },
      cceUpgrade({ phase: "succeeded", finishedAt: iso(T0), createdAt: iso(T0 - HOUR) }),
    );
    const csv = ledgerCsv([entry]);
    const [header, row] = csv.split("\r\n");
    expect(header?.split(",")[0]).toBe("provider");
    expect(row).toContain(`"'=HYPERLINK(""http://x"",""click""), prod"`);
    expect(row).toContain(",3600,");
    expect(csv.endsWith("\r\n")).toBe(true);
    expect(csvField(-3)).toBe("-3");
    expect(csvField("-3")).toBe("'-3");
    expect(csvField(null)).toBe("");
  });
});
