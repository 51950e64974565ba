import { describe, expect, it } from "vitest";
import { windowFor } from "../../shared/decide/windowFor.ts";
import { clusterKey } from "../../shared/model/clusterIdentity.ts";
import { formatMarker, readMarker, withMarker } from "../../shared/quiet/marker.ts";
import {
  type FoundSilence,
  planSilences,
  type QuietPolicy,
  quietSince,
  quietVerdict,
  silenceMayBeInForce,
} from "../../shared/quiet/planSilences.ts";
import {
  ACK,
  CCE,
  cceUpgrade,
  HOUR,
  iso,
  legacyUpgrade,
  MIN,
  snapshot,
  T0,
} from "../helpers/upgrades.ts";

// planSilences is pure: a read, the silences of ours a target holds, the policy and a clock in;
// what to create, extend and end out. Every case here is one run of the rules in
// docs/quiet-during-upgrade.md, on a fixed clock (T0 = 10:00, a 5-minute interval, 2-minute lag).

const KEY = clusterKey(CCE);
const UPGRADE = cceUpgrade().id;
const WINDOW = windowFor(new Date(T0), 5 * MIN, 2 * MIN);
const NOW = new Date(T0 + 20_000);
const POLICY: QuietPolicy = {
  phases: ["pending", "prechecking", "running", "paused"],
  lapseAfterMs: 10 * MIN,
  stallThresholdMs: 30 * MIN,
  maxLengthMs: 24 * HOUR,
};

function silence(overrides: Partial<FoundSilence> & { upgradeId?: string; t?: string } = {}) {
  const { upgradeId = UPGRADE, t = iso(T0 - 5 * MIN), ...rest } = overrides;
  return {
    id: "s-1",
    marker: { clusterKey: KEY, upgradeId, t },
    text: "Quiet while prod-a upgrades.",
    startsAt: iso(T0 - 5 * MIN + 20_000),
    endsAt: iso(T0 + 5 * MIN + 20_000),
    state: "active" as const,
    ...rest,
  };
}

const plan = (
  upgrade: ReturnType<typeof cceUpgrade> | null,
  found: FoundSilence[],
  now = NOW,
  policy = POLICY,
  window = WINDOW,
) => planSilences({ snapshot: snapshot(CCE, upgrade), window, policy, found, now });

describe("planSilences", () => {
  it("creates a silence from now until lapseAfter from now when a running upgrade has none", () => {
    const p = plan(cceUpgrade(), []);
    expect(p.verdict).toEqual({ quiet: true, upgradeId: UPGRADE });
    expect(p.create).toEqual({
      upgradeId: UPGRADE,
      startsAt: "2025-03-01T10:00:20.000Z",
      endsAt: "2025-03-01T10:10:20.000Z",
    });
    expect(p.kept).toBeNull();
    expect(p.expire).toEqual([]);
  });

  it("extends the silence the previous run made, to lapseAfter from now", () => {
    const found = silence();
    const p = plan(cceUpgrade(), [found]);
    expect(p.create).toBeNull();
    expect(p.kept).toBe(found);
    expect(p.extend).toEqual({ silence: found, endsAt: "2025-03-01T10:10:20.000Z" });
  });

  it("extends once per run: not again in a retry of the run that made or last extended it", () => {
    const made = silence({ endsAt: iso(T0 + 10 * MIN + 5_000), t: iso(T0) });
    const p = plan(cceUpgrade(), [made]);
    expect(p.create).toBeNull();
    expect(p.kept).toBe(made);
    expect(p.extend).toBeNull();
    const extended = { ...silence(), marker: { ...silence().marker, last: iso(T0) } };
    expect(plan(cceUpgrade(), [extended]).extend).toBeNull();
    // Whatever the clock says: a run whose T is new extends, and never shortens.
    const ahead = silence({ endsAt: iso(T0 + HOUR) });
    expect(plan(cceUpgrade(), [ahead]).extend).toEqual({ silence: ahead, endsAt: iso(T0 + HOUR) });
  });

  it("keeps one of two silences two overlapping runs made, and ends the other", () => {
    const a = silence({ id: "a", endsAt: iso(T0 + 9 * MIN) });
    const b = silence({ id: "b", endsAt: iso(T0 + 10 * MIN) });
    const p = plan(cceUpgrade(), [a, b]);
    expect(p.create).toBeNull();
    expect(p.kept?.id).toBe("b");
    expect(p.expire).toEqual([{ silence: a, reason: "duplicate" }]);
  });

  it("keeps a paused upgrade quiet by default, and lifts it when the config leaves paused out", () => {
    const paused = cceUpgrade({ phase: "paused", rawPhase: "Pause" });
    expect(plan(paused, []).create).not.toBeNull();
    const noPause = { ...POLICY, phases: ["pending", "prechecking", "running"] as const };
    const p = plan(paused, [silence()], NOW, { ...noPause, phases: [...noPause.phases] });
    expect(p.verdict).toEqual({ quiet: false, reason: "phase" });
    expect(p.expire).toEqual([{ silence: silence(), reason: "phase" }]);
  });

  it.each([
    ["succeeded", "Success"],
    ["failed", "Failed"],
    ["cancelled", "Cancel"],
  ] as const)("ends the silence early when the upgrade %s", (phase, rawPhase) => {
    const found = silence();
    const p = plan(cceUpgrade({ phase, rawPhase, finishedAt: iso(T0 - MIN) }), [found]);
    expect(p.verdict).toEqual({ quiet: false, reason: phase });
    expect(p.create).toBeNull();
    expect(p.kept).toBeNull();
    expect(p.expire).toEqual([{ silence: found, reason: phase }]);
  });

  it("ends the silence when the upgrade stalls, and does not make one for a stalled upgrade", () => {
    // Newest sign of life 09:20; the threshold is 30 minutes; the window ends at 09:58.
    const stalled = cceUpgrade({ createdAt: iso(T0 - HOUR), updatedAt: iso(T0 - 40 * MIN) });
    const found = silence();
    const p = plan(stalled, [found]);
    expect(p.verdict).toEqual({ quiet: false, reason: "stalled" });
    expect(p.expire).toEqual([{ silence: found, reason: "stalled" }]);
    expect(plan(stalled, []).create).toBeNull();
  });

  it("ends a silence of an earlier upgrade (superseded), and silences the new one", () => {
    const old = silence({ id: "old", upgradeId: "last-months-upgrade" });
    const p = plan(cceUpgrade(), [old]);
    expect(p.expire).toEqual([{ silence: old, reason: "superseded" }]);
    expect(p.create?.upgradeId).toBe(UPGRADE);
  });

  it("ends the silence when the cluster shows no upgrade", () => {
    const found = silence();
    const p = plan(null, [found]);
    expect(p.verdict).toEqual({ quiet: false, reason: "no-upgrade" });
    expect(p.expire).toEqual([{ silence: found, reason: "no-upgrade" }]);
  });

  it("treats a silence whose end has passed as ended (it lapsed when the runs stopped)", () => {
    // The last run was at 09:30; its silence ended at 09:40; this run (10:00) finds it expired.
    const lapsed = silence({ endsAt: iso(T0 - 20 * MIN), state: "active" });
    const p = plan(cceUpgrade(), [lapsed]);
    expect(p.create).not.toBeNull();
    expect(p.kept).toBeNull();
    expect(p.expire).toEqual([]);
    expect(p.ended).toEqual([lapsed]);
    // And once the upgrade has failed, nothing is left to lift.
    const failed = plan(cceUpgrade({ phase: "failed", rawPhase: "Failed" }), [lapsed]);
    expect(failed.expire).toEqual([]);
    expect(failed.ended).toEqual([lapsed]);
  });

  it("never touches an ended silence, even one marked for the current upgrade", () => {
    const expired = silence({ state: "expired" });
    const p = plan(cceUpgrade({ phase: "failed", rawPhase: "Failed" }), [expired]);
    expect(p.expire).toEqual([]);
    expect(p.ended).toEqual([expired]);
  });

  it("lifts the silence once the upgrade has been kept quiet for maxLength since its start, and makes none again", () => {
    // The task was created at 09:00 (the cloud's start); this run is at 10:00:20.
    const oneHour = { ...POLICY, maxLengthMs: HOUR };
    const found = silence();
    const p = plan(cceUpgrade(), [found], NOW, oneHour);
    expect(p.verdict).toEqual({ quiet: false, reason: "max-length" });
    expect(p.expire).toEqual([{ silence: found, reason: "max-length" }]);
    expect(p.extend).toBeNull();
    // The next run finds it ended (or finds nothing): nothing is made again for this upgrade.
    const later = new Date(NOW.getTime() + 5 * MIN);
    const ended = { ...found, state: "expired" as const, endsAt: iso(NOW.getTime()) };
    expect(plan(cceUpgrade(), [ended], later, oneHour).create).toBeNull();
    expect(plan(cceUpgrade(), [], later, oneHour).create).toBeNull();
    // A run one second before the cap still keeps it quiet, and extends it.
    const before = new Date(T0 - 1_000);
    // (a window whose T is that second: the schedule's grid would round it to 09:55)
    const beforeWindow = {
      t: iso(T0 - 1_000),
      start: iso(T0 - 1_000 - 7 * MIN),
      end: iso(T0 - 1_000 - 2 * MIN),
    };
    expect(plan(cceUpgrade(), [found], before, oneHour, beforeWindow).extend?.endsAt).toBe(
      iso(T0 - 1_000 + 10 * MIN),
    );
  });

  it("judges maxLength on the run's time, the cloud's clock, not on the target's clock", () => {
    // The target's clock is far ahead of the cloud's times (the demo plays 2025 on a 2026
    // machine): the run at T0, an hour after the task's creation, is well inside 24h.
    const farAhead = new Date(T0 + 400 * 24 * HOUR);
    const inForce = silence({ endsAt: iso(farAhead.getTime() + 5 * MIN) });
    const p = plan(cceUpgrade(), [inForce], farAhead);
    expect(p.verdict.quiet).toBe(true);
    expect(p.extend?.endsAt).toBe(iso(farAhead.getTime() + 10 * MIN));
  });

  it("counts maxLength from the first silence of ours when the read gives the upgrade no start", () => {
    const legacy = legacyUpgrade();
    const run = (found: FoundSilence[], now = NOW) =>
      planSilences({
        snapshot: snapshot(ACK, legacy),
        window: WINDOW,
        policy: POLICY,
        found,
        now,
      });
    // The first run: no start known and no silence yet, so it is kept quiet.
    expect(run([]).create).not.toBeNull();
    // A silence an earlier run made 25 hours ago for this upgrade (since expired and lapsed):
    // the upgrade has been kept quiet for more than 24h, so nothing is made again.
    const first = silence({
      id: "first",
      upgradeId: legacy.id,
      t: iso(T0 - 25 * HOUR),
      startsAt: iso(T0 - 25 * HOUR + 20_000),
      endsAt: iso(T0 - 20 * HOUR),
      state: "expired",
    });
    const p = run([first]);
    expect(p.verdict).toEqual({ quiet: false, reason: "max-length" });
    expect(p.create).toBeNull();
    // An Alertmanager replacement has a later start; its marker keeps the first run's T.
    const replaced = silence({
      id: "replaced",
      upgradeId: legacy.id,
      t: iso(T0 - 25 * HOUR),
      startsAt: iso(T0 - 5 * MIN),
    });
    expect(run([replaced]).expire).toEqual([{ silence: replaced, reason: "max-length" }]);
    expect(quietSince(snapshot(ACK, legacy), [replaced])).toBe(T0 - 25 * HOUR);
    // A silence of another upgrade says nothing about this one.
    expect(quietSince(snapshot(ACK, legacy), [silence({ t: iso(T0 - 25 * HOUR) })])).toBeNull();
    // With a start from the cloud, that start counts, whatever the silences say.
    expect(quietSince(snapshot(CCE, cceUpgrade()), [first])).toBe(T0 - HOUR);
  });

  it("keeps a timestamp-less (legacy ACK) running upgrade quiet: it cannot be judged stalled", () => {
    const p = planSilences({
      snapshot: snapshot(ACK, legacyUpgrade()),
      window: WINDOW,
      policy: POLICY,
      found: [],
      now: NOW,
    });
    expect(p.verdict).toEqual({ quiet: true, upgradeId: `legacy:${ACK.clusterId}` });
  });
});

describe("silenceMayBeInForce: whether a run must list the target at all", () => {
  const may = (upgrade: ReturnType<typeof cceUpgrade> | null) =>
    silenceMayBeInForce(snapshot(CCE, upgrade), WINDOW, POLICY);

  it("lists while the upgrade is kept quiet, and for a while after it ends", () => {
    expect(may(cceUpgrade())).toBe(true);
    const ended = (at: number) =>
      cceUpgrade({
        phase: "succeeded",
        rawPhase: "Success",
        createdAt: iso(at - HOUR),
        finishedAt: iso(at),
        updatedAt: iso(at),
      });
    // Ended 5 minutes before T: a silence the last quiet run made may still be in force.
    expect(may(ended(T0 - 5 * MIN))).toBe(true);
    // Ended 3 hours before T: 10m lapse + 2 intervals + 2m lag + a late run's hour have passed.
    expect(may(ended(T0 - 3 * HOUR))).toBe(false);
  });

  it("stops listing a running upgrade once a silence made before maxLength has surely ended", () => {
    // Started 09:00; with maxLength 1h the last silence ends by 10:10 (cap + 10m lapse).
    const policy = { ...POLICY, maxLengthMs: HOUR };
    const at = (t: number) => windowFor(new Date(t), 5 * MIN, 2 * MIN);
    const running = snapshot(CCE, cceUpgrade({ updatedAt: iso(T0 + 3 * HOUR) }));
    expect(silenceMayBeInForce(running, at(T0 + HOUR), policy)).toBe(true);
    // cap 10:00 + 10m lapse + 2 intervals + 2m lag + a late run's hour = 11:22.
    expect(silenceMayBeInForce(running, at(T0 + 3 * HOUR), policy)).toBe(false);
    // A read with no start time is always listed while it is kept quiet.
    expect(silenceMayBeInForce(snapshot(ACK, legacyUpgrade()), at(T0 + 3 * HOUR), policy)).toBe(
      true,
    );
  });

  it("does not list for a cluster with no upgrade, and always lists a read with no times", () => {
    expect(may(null)).toBe(false);
    expect(
      silenceMayBeInForce(
        snapshot(ACK, legacyUpgrade({ phase: "succeeded", rawPhase: "success" })),
        WINDOW,
        POLICY,
      ),
    ).toBe(true);
  });
});

describe("quietVerdict", () => {
  it("says a phase no source documents is not kept quiet", () => {
    const unknown = cceUpgrade({ phase: "unknown", rawPhase: "Rollback" });
    expect(quietVerdict(snapshot(CCE, unknown), WINDOW, POLICY)).toEqual({
      quiet: false,
      reason: "phase",
    });
  });
});

describe("the marker", () => {
  it("round-trips any upgrade id, and is found inside a longer comment", () => {
    const m = { clusterKey: KEY, upgradeId: "legacy:c1 ]x", t: iso(T0) };
    const text = `Quiet while prod-a upgrades. ${formatMarker(m)}`;
    expect(readMarker(text)).toEqual(m);
    expect(readMarker("silenced by hand for the upgrade")).toBeNull();
    // A run that extends it names itself, keeping the words around the marker.
    const extended = withMarker(text, { ...m, last: iso(T0 + 5 * MIN) });
    expect(extended.startsWith("Quiet while prod-a upgrades. [upgrade-shepherd ")).toBe(true);
    expect(readMarker(extended)).toEqual({ ...m, last: iso(T0 + 5 * MIN) });
  });
});
