import { existsSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { OPERATOR_FIXES_AFTER_MS } from "../../infra/local/runner/rolloutScript.ts";
import { runDemo } from "../../infra/local/runner/runDemo.ts";

// `npm start -- --scenario rollout`, as a person runs it: the simulator with the rollout scenario
// on the demo's scenario clock (it holds still while each poll and its actions run, so every
// scenario minute is read in order, however busy the machine), the webhook sink, and the real
// functions under serverless-offline (poll-status judges the rollout, start-upgrade starts each
// upgrade with UpgradeCluster). Nothing is faked. 60 scenario minutes at 60x: about a minute of
// wall time on an idle machine, and it stops on its own.
const root = new URL("../..", import.meta.url).pathname;
const MIN = 60_000;
const lines: string[] = [];

describe("the rollout demo (npm start -- --scenario rollout)", () => {
  it("moves the fleet wave by wave, halts on the failure, goes on after the retry, and completes", async ({
    signal,
  }) => {
    const startedAt = Date.now();
    const summary = await runDemo({
      root,
      scenario: "rollout",
      speed: 60,
      follow: false,
      write: (line) => lines.push(line),
      colour: false,
      signal,
    });
    const record = summary.rollout;
    if (!record) throw new Error("the rollout scenario kept no record");
    const timeline = lines.join("\n");
    // The clouds start an hour before the run, on a whole minute (rolloutDemoStart), and the
    // first poll is at that start, however long serverless-offline took.
    const firstPoll = Date.parse(summary.firstPollAt ?? "");
    expect(firstPoll % MIN).toBe(0);
    expect(startedAt - firstPoll).toBeGreaterThanOrEqual(60 * MIN);
    expect(startedAt - firstPoll).toBeLessThan(61 * MIN);

    // The waves as the judge split the seven production clusters; staging is in none.
    expect(record.waves).toEqual({
      canary: ["ack-canary", "cce-canary"],
      early: ["autopilot-batch", "cce-web"],
      rest: ["ack-shop", "cce-payments", "ack-search"],
    });
    const waveOf = new Map(
      Object.entries(record.waves).flatMap(([wave, names]) => names.map((n) => [n, wave])),
    );

    // Each production cluster was started exactly once, ack-staging never; and one retry.
    const starts = summary.changes.filter((c) => c.operation === "UpgradeCluster");
    expect(starts.map((s) => s.cluster).sort()).toEqual([...waveOf.keys()].sort());
    expect(summary.mutatingRequests.RetryUpgradeClusterTask).toBe(1);

    // The waves start in order: every canary before any early, every early before any rest.
    const times = (wave: string) =>
      starts.filter((s) => waveOf.get(s.cluster) === wave).map((s) => Date.parse(s.at));
    expect(Math.max(...times("canary"))).toBeLessThan(Math.min(...times("early")));
    expect(Math.max(...times("early"))).toBeLessThan(Math.min(...times("rest")));
    // The early wave waited out the canary's 10-minute soak (the canaries take 5m30s).
    expect(Math.min(...times("early")) - Math.max(...times("canary"))).toBeGreaterThanOrEqual(
      15 * MIN,
    );

    // Never more than maxConcurrent (2) upgrading in a wave, as each run judged it.
    for (const run of record.runs) {
      for (const m of run.line.matchAll(/(\d+) upgrading/g)) {
        expect(Number(m[1]), run.line).toBeLessThanOrEqual(2);
      }
    }

    // The failure halted the rollout: Rollout Halted once, critical, to chat and to the pager.
    expect(summary.distinctEvents["Rollout Halted"]).toBe(1);
    expect(timeline).toMatch(/event +Rollout Halted +k8s-1\.31 {2}\(failed: autopilot-batch\)/);
    const halted = (path: string) =>
      summary.deliveries.filter((d) => d.path === path && /Rollout (H|h)alted/.test(d.what));
    expect(halted("/slack")).toHaveLength(1);
    expect(halted("/pagerduty")).toHaveLength(1);

    // No start while halted: no UpgradeCluster from the first halted run to the first run after
    // it that is not, and the halt lifted only after the operator's retry.
    const firstHalt = record.runs.find((r) => r.halted);
    if (!firstHalt) throw new Error("the rollout never halted");
    const lift = record.runs.find((r) => r.t > firstHalt.t && !r.halted);
    if (!lift) throw new Error("the halt never lifted");
    expect(firstHalt.line).toMatch(/early 0\/2 done, 1 upgrading, HALTED/);
    expect(
      starts.filter((s) => s.at >= firstHalt.t && s.at < lift.t),
      "starts while halted",
    ).toEqual([]);
    expect(record.retries).toHaveLength(1);
    const retry = record.retries[0];
    expect(retry).toMatchObject({ cluster: "autopilot-batch", status: 200 });
    // The operator acts OPERATOR_FIXES_AFTER_MS after the page (in the first halted run or the next).
    expect(Date.parse(retry?.at ?? "")).toBeGreaterThanOrEqual(
      Date.parse(firstHalt.t) + OPERATOR_FIXES_AFTER_MS,
    );
    expect(lift.t > (retry?.at ?? "")).toBe(true);

    // Each chat wave asked (Rollout Wave Ready), the person pressed Approve wave in Slack, and
    // poll-status answered with Upgrade Due for the wave's first clusters (maxConcurrent 2);
    // the rest asked only after the fix, and started only after the press.
    expect(summary.distinctEvents["Rollout Wave Ready"]).toBe(2);
    expect(summary.distinctEvents["Action Requested"]).toBe(2);
    expect(record.approvals.map((a) => [a.wave, a.status, [...a.due].sort(), a.skipped])).toEqual([
      ["early", 200, ["autopilot-batch", "cce-web"], null],
      ["rest", 200, ["ack-shop", "cce-payments"], null],
    ]);
    const [earlyApproval, restApproval] = record.approvals;
    expect(Math.min(...times("early"))).toBeGreaterThanOrEqual(Date.parse(earlyApproval?.at ?? ""));
    expect(restApproval && restApproval.at > lift.t).toBe(true);
    expect(Math.min(...times("rest"))).toBeGreaterThanOrEqual(Date.parse(restApproval?.at ?? ""));
    expect(timeline).toMatch(/event +Rollout Wave Ready +k8s-1\.31 wave rest/);
    expect(timeline).toMatch(
      /oncall \(U0DEMO0001\) pressed Approve wave in Slack \(wave rest of k8s-1\.31\): HTTP 200/,
    );

    // The rollout completed, and the summary says so.
    expect(record.complete).toBe(true);
    expect(summary.outcome[0]).toBe("rollout k8s-1.31: complete, 7 of 7 clusters at the target");
    expect(timeline).toMatch(
      /rollout k8s-1\.31: canary 2\/2 done \| early 2\/2 done \| rest 3\/3 done {2}\(complete\)/,
    );

    // Everything it started is gone.
    expect(() => process.kill(summary.offlinePid, 0)).toThrow();
    expect(existsSync(summary.configDir)).toBe(false);
  }, 480_000);
});
