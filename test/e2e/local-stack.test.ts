import { existsSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { runDemo } from "../../infra/local/runner/runDemo.ts";

// The whole product on this machine, as `npm start` runs it: the simulator on an accelerated
// clock, the webhook sink, and the real functions under serverless-offline with its EventBridge
// plugin, from the same serverless.yml a deployment uses. Nothing is faked. The scenario plays
// 30 scenario minutes at 60x (about half a minute of wall time on an idle machine; every minute is
// polled in order, so a busy machine takes longer but loses nothing), and stops on its own.
const root = new URL("../..", import.meta.url).pathname;
const lines: string[] = [];

describe("the local stack (npm start)", () => {
  it("plays the demo: every path, with exact effects on the simulated clouds and the sink", async ({
    signal,
  }) => {
    // On a timeout the signal stops the demo, which stops serverless-offline's process group.
    const summary = await runDemo({
      root,
      speed: 60,
      minutes: 30,
      follow: false,
      write: (line) => lines.push(line),
      colour: false,
      signal,
    });

    // The clouds were changed exactly three times: the Autopilot cancel, the ACK resume (pressed
    // in Slack by a person, issue 16) and the CCE postcheck. The dry-run cluster's cancel was
    // never sent.
    expect(summary.mutatingRequests).toEqual({
      CreatePostCheck: 1,
      ResumeTask: 1,
      UpgradeWorkFlowUpdate: 1,
    });

    // The scenario clock waited for the functions: the first poll is at the scenario's start,
    // however long serverless-offline took, so no minute of the story went unpolled.
    expect(summary.firstPollAt).toBe("2025-01-15T02:00:00.000Z");

    // Each transition reached the bus once (a retried invocation may repeat an event, with its
    // id: the README's promise). Six upgrades start in the first six minutes; five are
    // announced, the sixth (cce-bad-credentials) is unreadable and is a Poll Failed instead.
    expect(summary.distinctEvents, JSON.stringify(summary.events)).toMatchObject({
      "Upgrade Started": 5,
      "Upgrade Failed": 2,
      "Upgrade Paused": 1,
      "Upgrade Cancelled": 1,
      "Upgrade Stalled": 1,
      "Postcheck Passed": 2,
    });
    // The Alibaba account is discovered, not listed (docs/discovery.md): the cluster created at
    // 8 minutes is announced once, and ack-pause, found by discovery, is resumed (ResumeTask above).
    expect(summary.distinctEvents["Cluster Discovered"]).toBe(1);
    expect(summary.events["Action Succeeded"]).toBe(2);
    expect(summary.events["Action Requested"]).toBe(1);
    expect(summary.events["Action Skipped"]).toBeGreaterThan(0);

    // Every channel got each failure exactly once, and every delivery was accepted.
    const failures = (path: string) =>
      summary.deliveries.filter((d) => d.path === path && /Upgrade (F|f)ailed/.test(d.what));
    for (const path of ["/slack", "/teams", "/pagerduty", "/webhook", "/cloudevents", "/feishu"]) {
      expect(failures(path)).toHaveLength(2);
    }
    expect(summary.deliveries.every((d) => d.status >= 200 && d.status < 300)).toBe(true);

    // One upgrade (autopilot-fail) was kept quiet in the Alertmanager the sink plays: its
    // silence was made once when the upgrade started, extended by the runs while it ran, and
    // lifted in the run that read the failure, before the Upgrade Failed alert went out.
    expect(summary.silenceCalls.created).toBe(1);
    expect(summary.silenceCalls.extended).toBeGreaterThan(3);
    expect(summary.silenceCalls.lifted).toBe(1);
    expect(summary.silenceCalls.refused).toBeUndefined();
    expect(summary.distinctEvents).toMatchObject({ "Alerts Silenced": 1, "Alerts Unsilenced": 1 });
    const timeline = lines.join("\n");
    expect(timeline).toMatch(
      /silence +demo-alertmanager +silence for autopilot-fail created until/,
    );
    expect(timeline).toMatch(
      /silence +demo-alertmanager +silence for autopilot-fail extended until/,
    );
    const lifted = lines.findIndex((l) => /silence for autopilot-fail lifted/.test(l));
    const failedAlert = lines.findIndex((l) => /event +Upgrade Failed +autopilot-fail/.test(l));
    expect(lifted).toBeGreaterThan(-1);
    expect(failedAlert).toBeGreaterThan(lifted);
    expect(timeline).toMatch(/event +Alerts Unsilenced +autopilot-fail {2}\(failed\)/);

    // The timeline showed polls, events, actions and webhooks.
    const text = lines.join("\n");
    expect(text).toMatch(/poll {4}T=\d\d:\d\dZ {2}6 clusters read, 1 unread/);
    expect(text).toMatch(/action +Action Skipped +cce-dryrun-fail {2}\(dry-run\)/);
    expect(text).toMatch(/event +Upgrade Paused +ack-pause/);
    expect(text).toMatch(/event +Cluster Discovered +ack-new/);
    expect(text).toMatch(/webhook slack/);
    expect(text).toMatch(/oncall \(U0DEMO0001\) pressed Resume now in Slack: HTTP 200/);
    expect(text).toMatch(/action +Action Requested +ack-pause/);
    expect(text).toMatch(/action +Action Succeeded +ack-pause/);

    // Everything it started is gone: the serverless-offline process group first of all, and
    // the temporary directory that held the generated config.
    expect(summary.offlinePid).toBeGreaterThan(0);
    expect(() => process.kill(summary.offlinePid, 0)).toThrow();
    expect(summary.configDir).toMatch(/upgrade-shepherd-demo-/);
    expect(existsSync(summary.configDir)).toBe(false);
  }, 300_000);
});
