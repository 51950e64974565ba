import { afterEach, describe, expect, it } from "vitest";
import { readMarker } from "../../shared/quiet/marker.ts";
import {
  AM_USER,
  MIN,
  PD_SERVICES,
  type QuietStack,
  quietLine,
  startQuietStack,
} from "../helpers/quiet-stack.ts";
import type { RecordedEvent } from "../helpers/recording-bus.ts";

// The real poll-status handler against the simulator's demo scenario and the webhook sink
// playing Alertmanager's API v2 (basic auth) and PagerDuty's maintenance windows, over loopback,
// on one test clock: runs at T = start + m minutes read 5 s after T. Demo timeline (5-minute
// runs, 2-minute lag, stallAfter 10m here): cce-stall starts at 1m and stops moving, ack-pause
// starts at 3m and pauses at 11m, cce-success starts at 2m and succeeds at 22m,
// autopilot-fail starts at 4m and fails at 17m. EventBridge is the one fake.

let stack: QuietStack | undefined;
afterEach(async () => {
  await stack?.close();
  stack = undefined;
});

const named = (events: RecordedEvent[], type: string, cluster: string) =>
  events.filter(
    (e) => e.detailType === type && (e.detail.cluster as { name?: string }).name === cluster,
  );
const amSilencesOf = (s: QuietStack, cluster: string) =>
  (s.sink.alertmanager?.silences ?? []).filter((x) =>
    x.matchers.some((m) => m.name === "cluster" && m.value === cluster),
  );
const pdWindowsOf = (s: QuietStack, cluster: string) =>
  (s.sink.pagerduty?.windows ?? []).filter((w) =>
    w.description.includes(`Quiet while ${cluster} `),
  );
const iso = (ms: number) => new Date(ms).toISOString();

describe("quiet during upgrade, poll-status against the sink", () => {
  it("silences an upgrade on both targets in the run that sees it start, announces it once, and extends it each run", async () => {
    stack = await startQuietStack({ clusters: ["cce-stall"] });
    const s = stack;
    expect((await s.runAt(0)).events.map(quietLine)).toEqual([]);

    const first = await s.runAt(5);
    expect(first.events.map(quietLine)).toEqual([
      "Alerts Silenced cce-stall prod-am",
      "Alerts Silenced cce-stall oncall",
      "Upgrade Started cce-stall",
    ]);
    const [silence] = amSilencesOf(s, "cce-stall");
    const [window] = pdWindowsOf(s, "cce-stall");
    // Alertmanager: the cluster's matcher, ours by createdBy and the marker, for two intervals.
    expect(silence).toMatchObject({
      matchers: [{ name: "cluster", value: "cce-stall", isRegex: false, isEqual: true }],
      createdBy: "upgrade-shepherd",
      startsAt: s.start + 5 * MIN + 5_000,
      endsAt: s.start + 15 * MIN + 5_000,
    });
    expect(readMarker(silence?.comment)).toEqual({
      clusterKey:
        "cce/cn-east-3/1b2c3d4e5f6a40718293a4b5c6d7e8f0/7a4f3e5c-cce2-11ef-9a01-0255ac100003",
      upgradeId: expect.any(String),
      t: iso(s.start + 5 * MIN),
    });
    // PagerDuty: the target's services, the same marker in the description, From sent.
    expect(window).toMatchObject({ services: PD_SERVICES, endsAt: s.start + 15 * MIN + 5_000 });
    const post = s.sink.deliveries.find(
      (d) => d.method === "POST" && d.path.endsWith("/maintenance_windows"),
    );
    expect(post?.headers.from).toBe("ops@example.com");
    expect(post?.headers.accept).toBe("application/vnd.pagerduty+json;version=2");
    const silenced = named(first.events, "Alerts Silenced", "cce-stall");
    expect(silenced[0]?.detail).toMatchObject({
      severity: "info",
      target: { name: "prod-am", kind: "alertmanager" },
      silence: {
        id: silence?.id,
        startsAt: iso(s.start + 5 * MIN + 5_000),
        endsAt: iso(s.start + 15 * MIN + 5_000),
        matchers: ['cluster="cce-stall"'],
      },
      dryRun: false,
    });
    expect(silenced[1]?.detail).toMatchObject({
      target: { name: "oncall", kind: "pagerduty" },
      silence: { id: window?.id, services: PD_SERVICES },
    });

    const second = await s.runAt(10);
    expect(second.events.map(quietLine)).toEqual([]);
    expect(second.summary.silenceCalls).toEqual({ "list ok": 2, "extend ok": 2 });
    // The same silence, in place (same id), now ending two intervals after this run.
    expect(amSilencesOf(s, "cce-stall").map((x) => [x.id, x.endsAt])).toEqual([
      [silence?.id, s.start + 20 * MIN + 5_000],
    ]);
    expect(pdWindowsOf(s, "cce-stall").map((w) => [w.id, w.endsAt])).toEqual([
      [window?.id, s.start + 20 * MIN + 5_000],
    ]);
  });

  it("lifts the silence in the run that reads Failed, before the alert goes out, and the alert names what was lifted", async () => {
    stack = await startQuietStack({ clusters: ["autopilot-fail"] });
    const s = stack;
    for (const m of [5, 10, 15]) await s.runAt(m);
    const [silence] = amSilencesOf(s, "autopilot-fail");
    const [window] = pdWindowsOf(s, "autopilot-fail");
    const run = await s.runAt(20);
    const now = s.start + 20 * MIN + 5_000;
    expect(run.events.map(quietLine)).toEqual([
      "Alerts Unsilenced autopilot-fail prod-am",
      "Alerts Unsilenced autopilot-fail oncall",
      "Upgrade Failed autopilot-fail",
      "Cancel Due autopilot-fail",
    ]);
    // Ended now on both: Alertmanager expired it, PagerDuty's DELETE ended the ongoing window.
    expect(silence && s.sink.alertmanager?.stateOf(silence, now)).toBe("expired");
    expect(window?.endsAt).toBe(now);
    // Both DELETEs reached the targets before anything was published.
    const deletes = s.sink.deliveries.filter((d) => d.method === "DELETE");
    expect(deletes.map((d) => d.path)).toEqual([
      `/alertmanager/api/v2/silence/${silence?.id}`,
      `/pagerduty-api/maintenance_windows/${window?.id}`,
    ]);
    const [failed] = named(run.events, "Upgrade Failed", "autopilot-fail");
    expect(failed?.detail.silencesLifted).toEqual([
      {
        target: { name: "prod-am", kind: "alertmanager" },
        silenceId: silence?.id,
        outcome: "lifted",
        endsAt: iso(now),
      },
      {
        target: { name: "oncall", kind: "pagerduty" },
        silenceId: window?.id,
        outcome: "lifted",
        endsAt: iso(now),
      },
    ]);
    expect(named(run.events, "Alerts Unsilenced", "autopilot-fail")[0]?.detail).toMatchObject({
      reason: "failed",
      silence: { id: silence?.id, endsAt: iso(s.start + 25 * MIN + 5_000) },
      dryRun: false,
    });
    // Nothing is made again for a failed upgrade.
    const after = await s.runAt(25);
    expect(after.events.map(quietLine)).toEqual(["Cancel Due autopilot-fail"]);
    expect(after.summary.silenceCalls).toEqual({ "list ok": 2 });
  });

  it("lists on the failure alert a silence an earlier run lifted when it read the failure first (the lag)", async () => {
    stack = await startQuietStack({ clusters: ["autopilot-fail"] });
    const s = stack;
    for (const m of [5, 10, 15]) await s.runAt(m);
    // A run at 17m30s reads Failed (the failure is at 17m) before the window that holds it.
    const early = await s.runAt(17.5);
    expect(early.events.map(quietLine)).toEqual([
      "Alerts Unsilenced autopilot-fail prod-am",
      "Alerts Unsilenced autopilot-fail oncall",
    ]);
    const run = await s.runAt(20);
    const [failed] = named(run.events, "Upgrade Failed", "autopilot-fail");
    const lifted = failed?.detail.silencesLifted as { target: { name: string }; outcome: string }[];
    expect(lifted.map((l) => [l.target.name, l.outcome])).toEqual([
      ["prod-am", "lifted"],
      ["oncall", "lifted"],
    ]);
  });

  it("lifts it early when the upgrade succeeds, and when it stalls (and makes none for the stalled upgrade)", async () => {
    stack = await startQuietStack({ clusters: ["cce-success", "cce-stall"] });
    const s = stack;
    for (const m of [5, 10, 15, 20]) await s.runAt(m);
    const run = await s.runAt(25);
    const unsilenced = run.events.filter((e) => e.detailType === "Alerts Unsilenced");
    expect(unsilenced.map((e) => [quietLine(e), e.detail.reason])).toEqual([
      ["Alerts Unsilenced cce-success prod-am", "succeeded"],
      ["Alerts Unsilenced cce-success oncall", "succeeded"],
      ["Alerts Unsilenced cce-stall prod-am", "stalled"],
      ["Alerts Unsilenced cce-stall oncall", "stalled"],
    ]);
    const [stalled] = named(run.events, "Upgrade Stalled", "cce-stall");
    const lifted = (stalled?.detail.silencesLifted ?? []) as { outcome: string }[];
    expect(lifted.map((l) => l.outcome)).toEqual(["lifted", "lifted"]);
    expect(
      named(run.events, "Upgrade Succeeded", "cce-success")[0]?.detail.silencesLifted,
    ).toBeUndefined();
    const later = await s.runAt(30);
    expect(later.events.filter((e) => e.detailType.startsWith("Alerts"))).toEqual([]);
    expect(amSilencesOf(s, "cce-stall")).toHaveLength(1);
    // Long after both ended, a run no longer asks the targets at all.
    const idle = await s.runAt(180);
    expect(idle.summary.silenceCalls).toEqual({});
  });

  it("lets the silence lapse by itself when the runs stop, and silences again when they resume", async () => {
    stack = await startQuietStack({ clusters: ["cce-stall"] });
    const s = stack;
    await s.runAt(5);
    const [silence] = amSilencesOf(s, "cce-stall");
    const [window] = pdWindowsOf(s, "cce-stall");
    // No run for 11 minutes: its end (two intervals after the run) passes.
    s.clock.set(new Date(s.start + 16 * MIN));
    expect(silence && s.sink.alertmanager?.stateOf(silence)).toBe("expired");
    const listed = await fetch(`${s.sink.pagerduty?.url}/maintenance_windows?filter=ongoing`, {
      headers: { authorization: "Token token=u+pdRestKey-9a8b7c6d5e" },
    });
    expect(
      ((await listed.json()) as { maintenance_windows: unknown[] }).maintenance_windows,
    ).toEqual([]);
    expect(window?.endsAt).toBe(s.start + 15 * MIN + 5_000);
    // The next run finds it lapsed: a new silence, announced as such.
    const run = await s.runAt(20);
    expect(run.events.map(quietLine)).toEqual([
      "Alerts Silenced cce-stall prod-am",
      "Alerts Silenced cce-stall oncall",
    ]);
    const ids = amSilencesOf(s, "cce-stall").map((x) => x.id);
    expect(ids).toHaveLength(2);
    expect(ids[0]).toBe(silence?.id);
    expect(run.events[0]?.detail).toMatchObject({ silence: { id: ids[1] } });
  });

  it("lifts the silence once the upgrade has been kept quiet for maxLength, and does not silence it again", async () => {
    stack = await startQuietStack({
      clusters: ["ack-pause"],
      quiet: (urls) => ({
        maxLength: "15m",
        targets: [
          { name: "prod-am", type: "alertmanager", url: urls.alertmanager, auth: "basic" },
          {
            name: "oncall",
            type: "pagerduty",
            url: urls.pagerduty,
            from: "ops@example.com",
            services: PD_SERVICES,
          },
        ],
      }),
    });
    const s = stack;
    // ack-pause starts at 3m and pauses at 11m, and stays paused: a phase kept quiet.
    for (const m of [5, 10, 15]) await s.runAt(m);
    const [silence] = amSilencesOf(s, "ack-pause");
    const [window] = pdWindowsOf(s, "ack-pause");
    expect(silence?.endsAt).toBe(s.start + 25 * MIN + 5_000);
    // 20m: more than 15 minutes since the upgrade's start (3m), though it is still paused.
    const capped = await s.runAt(20);
    const now = s.start + 20 * MIN + 5_000;
    const alertLines = (events: RecordedEvent[]) =>
      events.map(quietLine).filter((line) => line.startsWith("Alerts "));
    expect(alertLines(capped.events)).toEqual([
      "Alerts Unsilenced ack-pause prod-am",
      "Alerts Unsilenced ack-pause oncall",
    ]);
    expect(named(capped.events, "Alerts Unsilenced", "ack-pause")[0]?.detail).toMatchObject({
      reason: "max-length",
      silence: { id: silence?.id },
    });
    expect(silence && s.sink.alertmanager?.stateOf(silence, now)).toBe("expired");
    expect(window?.endsAt).toBe(now);
    // The next runs find it ended and make none: no second silence for this upgrade.
    for (const m of [25, 30]) {
      const run = await s.runAt(m);
      expect(alertLines(run.events)).toEqual([]);
      expect(run.summary.silenceCalls).toEqual({ "list ok": 2 });
    }
    expect(amSilencesOf(s, "ack-pause")).toHaveLength(1);
    expect(pdWindowsOf(s, "ack-pause")).toHaveLength(1);
  });

  it("finds the silence again in a retried run: no second silence, the same event id", async () => {
    stack = await startQuietStack({ clusters: ["cce-stall"] });
    const s = stack;
    const first = await s.runAt(5);
    const retry = await s.runAt(5, 30_000);
    expect(amSilencesOf(s, "cce-stall")).toHaveLength(1);
    expect(pdWindowsOf(s, "cce-stall")).toHaveLength(1);
    expect(retry.summary.silenceCalls).toEqual({ "list ok": 2 });
    const ids = (events: RecordedEvent[]) =>
      events.filter((e) => e.detailType === "Alerts Silenced").map((e) => e.detail.id);
    expect(ids(retry.events)).toEqual(ids(first.events));
    expect(ids(first.events)).toHaveLength(2);
    // A retry of the next run announces nothing and does not extend again.
    await s.runAt(10);
    const again = await s.runAt(10, 40_000);
    expect(again.events.filter((e) => e.detailType === "Alerts Silenced")).toEqual([]);
    expect(again.summary.silenceCalls).toEqual({ "list ok": 2 });
  });

  it("ends the second of two silences two overlapping runs made, keeping one", async () => {
    stack = await startQuietStack({ clusters: ["cce-stall"] });
    const s = stack;
    await s.runAt(5);
    const [ours] = amSilencesOf(s, "cce-stall");
    // A concurrent invocation of the same run that also created one (as the API allows).
    const twin = await fetch(`${s.sink.alertmanager?.url}/api/v2/silences`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        authorization: `Basic ${Buffer.from(`${AM_USER.username}:${AM_USER.password}`).toString("base64")}`,
      },
      body: JSON.stringify({
        matchers: ours?.matchers,
        startsAt: iso(s.start + 5 * MIN + 6_000),
        endsAt: iso(s.start + 15 * MIN + 6_000),
        createdBy: ours?.createdBy,
        comment: ours?.comment,
      }),
    });
    expect(twin.status).toBe(200);
    const run = await s.runAt(10);
    const live = amSilencesOf(s, "cce-stall").filter(
      (x) => s.sink.alertmanager?.stateOf(x) !== "expired",
    );
    expect(live).toHaveLength(1);
    expect(run.summary.silenceCalls).toMatchObject({ "expire ok": 1, "extend ok": 2 });
    expect(run.events.filter((e) => e.detailType.startsWith("Alerts"))).toEqual([]);
  });

  it("in a dry run changes nothing on the targets (reads only), and says what it would have done", async () => {
    stack = await startQuietStack({
      clusters: ["cce-dryrun-fail"],
      overrides: { "cce-dryrun-fail": { dryRun: true } },
    });
    const s = stack;
    const starts = await s.runAt(10);
    expect(starts.events.map(quietLine)).toEqual([
      "Alerts Silenced cce-dryrun-fail prod-am",
      "Alerts Silenced cce-dryrun-fail oncall",
      "Upgrade Started cce-dryrun-fail",
    ]);
    expect(starts.events[0]?.detail).toMatchObject({
      dryRun: true,
      silence: { id: null, startsAt: iso(s.start + 10 * MIN + 5_000) },
    });
    expect(starts.summary.silenceCalls).toEqual({ "list ok": 2, "create dry-run": 2 });
    const quiet = await s.runAt(15);
    expect(quiet.events.filter((e) => e.detailType.startsWith("Alerts"))).toEqual([]);
    const failed = await s.runAt(20);
    expect(
      named(failed.events, "Upgrade Failed", "cce-dryrun-fail")[0]?.detail.silencesLifted,
    ).toEqual([]);
    expect(new Set(s.sink.deliveries.map((d) => d.method))).toEqual(new Set(["GET"]));
    expect(s.sink.alertmanager?.silences).toEqual([]);
    expect(s.sink.pagerduty?.windows).toEqual([]);
  });

  it("never loses the run's events when a target fails: the failure alert says the lift failed", async () => {
    stack = await startQuietStack({ clusters: ["autopilot-fail"] });
    const s = stack;
    for (const m of [5, 10, 15]) await s.runAt(m);
    const [silence] = amSilencesOf(s, "autopilot-fail");
    // The list answers; the DELETE meets a 503.
    const am = s.sink.alertmanager;
    if (!am) throw new Error("no alertmanager");
    const original = am.handle;
    am.handle = (req) =>
      req.method === "DELETE"
        ? { status: 503, body: "alertmanager is shutting down" }
        : original(req);
    const run = await s.runAt(20);
    am.handle = original;
    const [failed] = named(run.events, "Upgrade Failed", "autopilot-fail");
    expect(failed?.detail.silencesLifted).toEqual([
      {
        target: { name: "prod-am", kind: "alertmanager" },
        silenceId: silence?.id,
        outcome: "failed",
        endsAt: iso(s.start + 25 * MIN + 5_000),
        problem:
          "DeleteSilence on silence target prod-am failed (server): HTTP 503: alertmanager is shutting down",
      },
      expect.objectContaining({ target: { name: "oncall", kind: "pagerduty" }, outcome: "lifted" }),
    ]);
    expect(run.events.map(quietLine)).toEqual([
      "Alerts Unsilenced autopilot-fail oncall",
      "Upgrade Failed autopilot-fail",
      "Cancel Due autopilot-fail",
    ]);
    const warn = s.logger.lines.find((l) => l.message === "silence call failed");
    expect(warn).toMatchObject({
      target: "prod-am",
      operation: "expire",
      kind: "server",
      status: 503,
    });
    // A retry of the run a minute later lifts it (and the next run would find it lapsed).
    const retry = await s.runAt(20, 65_000);
    expect(retry.events.map(quietLine)).toContain("Alerts Unsilenced autopilot-fail prod-am");
    expect(silence && am.stateOf(silence)).toBe("expired");
  });

  it("reads the auth from the secret store, refuses a wrong password without retrying, and never logs or publishes a secret", async () => {
    stack = await startQuietStack({
      clusters: ["cce-stall"],
      env: {
        SHEPHERD_QUIET_PROD_AM: JSON.stringify({ ...AM_USER, password: "wrong-password-1234" }),
      },
    });
    const s = stack;
    const run = await s.runAt(5);
    expect(run.summary.silenceCalls).toEqual({ "list failed": 1, "list ok": 1, "create ok": 1 });
    const amCalls = s.sink.deliveries.filter((d) => d.path.startsWith("/alertmanager/"));
    expect(amCalls.map((d) => [d.method, d.reply.status])).toEqual([["GET", 401]]);
    expect(amCalls[0]?.headers.authorization).toMatch(/^Basic /);
    const warn = s.logger.lines.find((l) => l.message === "silence call failed");
    expect(warn).toMatchObject({ target: "prod-am", kind: "auth", status: 401 });
    const published = JSON.stringify(run.events);
    const logged = JSON.stringify(s.logger.lines);
    for (const secret of [...s.secrets, "wrong-password-1234"]) {
      expect(logged).not.toContain(secret);
      expect(published).not.toContain(secret);
    }
  });

  it("says which secret is missing, naming the variable and never a value", async () => {
    stack = await startQuietStack({
      clusters: ["cce-stall"],
      env: {
        SHEPHERD_QUIET_ONCALL_TOKEN: "",
        SHEPHERD_QUIET_ONCALL: JSON.stringify({ username: "x-user" }),
      },
    });
    const s = stack;
    await s.runAt(5);
    const warn = s.logger.lines.find(
      (l) => l.message === "silence call failed" && l.target === "oncall",
    );
    expect(warn?.kind).toBe("secret");
    expect(String(warn?.problem)).toContain(
      'SHEPHERD_QUIET_ONCALL: silence target oncall (PagerDuty) needs "token" and does not use "username"',
    );
    expect(JSON.stringify(s.logger.lines)).not.toContain("x-user");
  });
});
